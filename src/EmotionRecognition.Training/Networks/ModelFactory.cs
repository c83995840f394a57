using EmotionRecognition.Features;
using EmotionRecognition.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace EmotionRecognition.Training.Networks;

/// <summary>Creates the emotion models by kind or by name.</summary>
/// <remarks>
/// Every model is a <see cref="Sequential"/> of standard TorchSharp layers that takes flat feature rows
/// <c>[batch, inputLength]</c> and returns class logits <c>[batch, classCount]</c>; apply softmax for probabilities.
/// </remarks>
public static class ModelFactory
{
    /// <summary>Features per 2.5 s clip in the seed feature layout (ZCR, RMS and 20 MFCCs over 108 frames).</summary>
    public const int SeedFeatureLength = 2376;

    /// <summary>The seven emotions: angry, disgust, fear, happy, neutral, sad, surprise.</summary>
    public const int EmotionCount = 7;

    /// <summary>The names <see cref="Create(string, int, int, int?)"/> accepts, in <see cref="ModelKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetNames<ModelKind>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>Creates a model with fresh weights.</summary>
    /// <param name="kind">The architecture.</param>
    /// <param name="inputLength">Features per row.</param>
    /// <param name="classCount">Classes to predict.</param>
    /// <param name="seed">When given, seeds torch's generator first so the initial weights are repeatable.</param>
    public static Sequential Create(ModelKind kind, int inputLength = SeedFeatureLength, int classCount = EmotionCount, int? seed = null)
    {
        PrepareTorch(seed);
        return kind switch
        {
            ModelKind.Seed => SeedCnn.Create(inputLength, classCount),
            ModelKind.Compact => CompactCnn.Create(inputLength, classCount),
            ModelKind.Matrix => MatrixCnn.Create(FeatureSpec.Seed.MfccCount, SeedLayoutFrames(inputLength), FeatureSpec.Seed.Layout, classCount),
            ModelKind.Utterance => throw new ArgumentException(
                "The utterance model reads variable-length frames and trains with UtteranceSession (emotion-train train --model utterance).", nameof(kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown model kind."),
        };
    }

    /// <summary>Creates a model for vectors laid out as <paramref name="spec"/> describes.</summary>
    /// <param name="kind">The architecture.</param>
    /// <param name="spec">The features the model reads; <see cref="ModelKind.Matrix"/> takes its rows, frames and layout from it.</param>
    /// <param name="classCount">Classes to predict.</param>
    /// <param name="seed">When given, seeds torch's generator first so the initial weights are repeatable.</param>
    public static Sequential Create(ModelKind kind, FeatureSpec spec, int classCount = EmotionCount, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (kind == ModelKind.Utterance || spec.IsVariableLength)
            throw new ArgumentException(
                $"The {kind.ToString().ToLowerInvariant()} model for a {spec.Layout} spec: the utterance model and variable-length specs train with UtteranceSession only.", nameof(kind));
        if (kind != ModelKind.Matrix)
            return Create(kind, spec.VectorLength, classCount, seed);
        PrepareTorch(seed);
        return MatrixCnn.Create(spec.MfccCount, spec.FrameCount, spec.Layout, classCount);
    }

    private static void PrepareTorch(int? seed)
    {
        TorchRuntime.EnsureInitialized();
        if (seed is { } s)
            torch.manual_seed(s);
    }

    private static int SeedLayoutFrames(int inputLength)
    {
        var rows = FeatureSpec.Seed.MfccCount + 2;
        return inputLength > 0 && inputLength % rows == 0
            ? inputLength / rows
            : throw new ArgumentException(
                $"The matrix model reads ZCR, RMS and {FeatureSpec.Seed.MfccCount} MFCCs per frame, so the input length must be a multiple of {rows} (was {inputLength}); "
                + "pass a FeatureSpec for other layouts.", nameof(inputLength));
    }

    /// <summary>Creates a model by name ("seed", "compact", "matrix"; case-insensitive).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="inputLength">Features per row.</param>
    /// <param name="classCount">Classes to predict.</param>
    /// <param name="seed">When given, seeds torch's generator first so the initial weights are repeatable.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> names no model.</exception>
    public static Sequential Create(string name, int inputLength = SeedFeatureLength, int classCount = EmotionCount, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Enum.TryParse<ModelKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new ArgumentException($"Unknown model '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
        return Create(kind, inputLength, classCount, seed);
    }
}
