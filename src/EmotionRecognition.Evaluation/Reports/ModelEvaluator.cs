using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Inference;

namespace EmotionRecognition.Evaluation;

/// <summary>
/// Evaluates a trained <see cref="EmotionModel"/> on labelled clips through the inference path: the model's feature spec, its
/// ML.NET scaler (<c>EmotionModel.Scale</c>) and ONNX Runtime, never TorchSharp.
/// </summary>
public static class ModelEvaluator
{
    /// <summary>Scores every clip and compares with its label.</summary>
    /// <param name="model">The model.</param>
    /// <param name="clips">Labelled clips; each label must be one of the model's labels.</param>
    /// <param name="cache">Where feature vectors are kept between runs; none when null.</param>
    /// <param name="progress">Told as clips are featurised.</param>
    /// <param name="cancellationToken">Stops the extraction.</param>
    /// <exception cref="ArgumentException">A clip's emotion is not among the model's labels.</exception>
    public static ClassificationReport Evaluate(EmotionModel model, IReadOnlyList<LabeledClip> clips, FeatureCache? cache = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clips);
        var truth = clips.Select(c => TruthIndex(model, c, nameof(clips))).ToArray();
        if (model.FeatureSpec.IsVariableLength)
            return ClassificationReport.Compute(truth, ScoreUtterances(model, clips, progress, cancellationToken), model.Labels);
        var set = new FeatureSetBuilder(model.FeatureSpec, cache).Build(clips, AugmentationPolicy.None, progress: progress, cancellationToken: cancellationToken);
        var probabilities = Score(model, set.Rows);
        return ClassificationReport.Compute(truth, ClassificationReport.ArgMax(probabilities, model.Labels.Count), model.Labels);
    }

    /// <summary>Scales raw feature rows with the model's scaler and scores them with ONNX Runtime; row-major probabilities.</summary>
    internal static float[] Score(EmotionModel model, IReadOnlyList<float[]> rows)
    {
        var length = model.FeatureSpec.VectorLength;
        var features = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = features.AsSpan(r * length, length);
            rows[r].CopyTo(row);
            model.Scale(row);
        }
        var probabilities = new float[rows.Count * model.Labels.Count];
        if (rows.Count == 0) return probabilities;
        using var scorer = new OnnxScorer(model);
        scorer.Run(features, rows.Count, probabilities);
        return probabilities;
    }

    // Utterances differ in length, so each runs alone through the graph, featurised exactly as EmotionClassifier does it.
    private static int[] ScoreUtterances(EmotionModel model, IReadOnlyList<LabeledClip> clips, IProgress<ExtractionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var spec = model.FeatureSpec;
        var extractor = new Features.FeatureExtractor(spec);
        using var scorer = new OnnxScorer(model);
        var predicted = new int[clips.Count];
        var done = 0;
        Parallelism.For(clips.Count, i =>
        {
            var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(ModelInput.BufferLength(spec));
            try
            {
                var length = ModelInput.Write(extractor, model, Pipeline.SpeechFeaturization.LoadSamples(clips[i].Path, spec), buffer);
                Span<float> probabilities = stackalloc float[model.Labels.Count];
                ModelInput.Score(scorer, buffer.AsSpan(0, length), probabilities);
                predicted[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(probabilities);
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(buffer);
            }
            progress?.Report(new ExtractionProgress(Interlocked.Increment(ref done), clips.Count, 0));
        }, cancellationToken);
        return predicted;
    }

    private static int TruthIndex(EmotionModel model, LabeledClip clip, string clipsParameter)
    {
        var index = model.Labels.ToList().IndexOf(clip.Emotion.ToLabel());
        return index >= 0 ? index
            : throw new ArgumentException($"{clip.Path} is labelled {clip.Emotion.ToLabel()}, which the model does not know ({string.Join(", ", model.Labels)}).", clipsParameter);
    }
}
