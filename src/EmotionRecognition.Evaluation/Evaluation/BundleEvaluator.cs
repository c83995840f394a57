using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Inference;

namespace EmotionRecognition.Evaluation;

/// <summary>
/// Evaluates a trained <see cref="ModelBundle"/> on labelled clips through the inference path: the bundle's feature spec, its
/// ML.NET scaler (<c>ModelBundle.Scale</c>) and ONNX Runtime, never TorchSharp.
/// </summary>
public static class BundleEvaluator
{
    /// <summary>Scores every clip and compares with its label.</summary>
    /// <param name="bundle">The model.</param>
    /// <param name="clips">Labelled clips; each label must be one of the bundle's labels.</param>
    /// <param name="cache">Where feature vectors are kept between runs; none when null.</param>
    /// <param name="progress">Told as clips are featurised.</param>
    /// <param name="cancellationToken">Stops the extraction.</param>
    /// <exception cref="ArgumentException">A clip's emotion is not among the bundle's labels.</exception>
    public static ClassificationReport Evaluate(ModelBundle bundle, IReadOnlyList<LabeledClip> clips, FeatureCache? cache = null,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(clips);
        var truth = clips.Select(c => TruthIndex(bundle, c, nameof(clips))).ToArray();
        if (bundle.FeatureSpec.IsVariableLength)
            return ClassificationReport.Compute(truth, ScoreUtterances(bundle, clips, progress, cancellationToken), bundle.Labels);
        var set = new FeatureSetBuilder(bundle.FeatureSpec, cache).Build(clips, AugmentationPolicy.None, progress: progress, cancellationToken: cancellationToken);
        var probabilities = Score(bundle, set.Rows);
        return ClassificationReport.Compute(truth, ClassificationReport.ArgMax(probabilities, bundle.Labels.Count), bundle.Labels);
    }

    /// <summary>Scales raw feature rows with the bundle's scaler and scores them with ONNX Runtime; row-major probabilities.</summary>
    internal static float[] Score(ModelBundle bundle, IReadOnlyList<float[]> rows)
    {
        var length = bundle.FeatureSpec.VectorLength;
        var features = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = features.AsSpan(r * length, length);
            rows[r].CopyTo(row);
            bundle.Scale(row);
        }
        var probabilities = new float[rows.Count * bundle.Labels.Count];
        if (rows.Count == 0) return probabilities;
        using var scorer = new OnnxScorer(bundle);
        scorer.Run(features, rows.Count, probabilities);
        return probabilities;
    }

    // Utterances differ in length, so each runs alone through the graph, featurised exactly as EmotionClassifier does it.
    private static int[] ScoreUtterances(ModelBundle bundle, IReadOnlyList<LabeledClip> clips, IProgress<ExtractionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var spec = bundle.FeatureSpec;
        var extractor = new Features.FeatureExtractor(spec);
        using var scorer = new OnnxScorer(bundle);
        var predicted = new int[clips.Count];
        var done = 0;
        Parallelism.For(clips.Count, i =>
        {
            var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(ModelInput.BufferLength(spec));
            try
            {
                var length = ModelInput.Write(extractor, bundle, Pipeline.SpeechFeaturization.LoadSamples(clips[i].Path, spec), buffer);
                Span<float> probabilities = stackalloc float[bundle.Labels.Count];
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

    private static int TruthIndex(ModelBundle bundle, LabeledClip clip, string clipsParameter)
    {
        var index = bundle.Labels.ToList().IndexOf(clip.Emotion.ToLabel());
        return index >= 0 ? index
            : throw new ArgumentException($"{clip.Path} is labelled {clip.Emotion.ToLabel()}, which the model does not know ({string.Join(", ", bundle.Labels)}).", clipsParameter);
    }
}
