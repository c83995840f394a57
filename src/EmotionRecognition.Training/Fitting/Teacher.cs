using EmotionRecognition.Data;
using EmotionRecognition.Inference;

namespace EmotionRecognition.Training;

/// <summary>
/// Some members of a trained ensemble, run through ONNX Runtime as inference runs them, whose averaged answers a new model
/// learns besides the labels (knowledge distillation: Hinton et al., 2015). A fold's model must only ever meet the members
/// trained without that fold's test speakers, so each fold gets its own teacher.
/// </summary>
internal sealed class Teacher : IDisposable
{
    private readonly OnnxScorer _scorer;
    private readonly float[] _mean;
    private readonly float[] _scale;
    private readonly double _weight;
    private readonly double _labelSmoothing;

    /// <param name="ensemble">The ensemble whose <paramref name="members"/> teach.</param>
    /// <param name="members">Member indices, as <see cref="Onnx.EnsembleCombiner.KeepMembers"/> takes them.</param>
    /// <param name="weight">Share of each target taken from the teacher, in (0, 1]; the label gives the rest.</param>
    /// <param name="labelSmoothing">The recipe's smoothing of the label's share.</param>
    public Teacher(EmotionModel ensemble, IReadOnlyList<int> members, double weight, double labelSmoothing)
    {
        var kept = Onnx.EnsembleCombiner.KeepMembers(ensemble, members);
        _scorer = new OnnxScorer(kept, source: "teacher");
        (_mean, _scale) = (kept.ScalerMean, kept.ScalerScale);
        (_weight, _labelSmoothing) = (weight, labelSmoothing);
    }

    /// <summary>The teacher's probabilities for the whole of one example's unscaled frames.</summary>
    public float[] Probabilities(UtteranceExample example)
    {
        var bands = _mean.Length;
        var frames = UtteranceTrainer.AtLeastMinimumFrames(example.Frames, example.FrameCount, bands);
        EmotionModel.ScaleFrames(frames, _mean, _scale);
        var probabilities = new float[_scorer.ClassCount];
        _scorer.RunFrames(frames, probabilities);
        return probabilities;
    }

    /// <summary>The example with its target: the teacher's answer and the smoothed label, blended by the teacher's weight.</summary>
    public UtteranceExample Teach(UtteranceExample example)
    {
        var target = Probabilities(example);
        System.Numerics.Tensors.TensorPrimitives.Multiply(target, (float)_weight, target);
        UtteranceTrainer.AddSmoothedLabel(target, example.Label, _labelSmoothing, (float)(1 - _weight));
        return example with { Target = target };
    }

    public void Dispose() => _scorer.Dispose();
}
