using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Features;
using EmotionRecognition.Training.Networks;

namespace EmotionRecognition.Training;

/// <summary>Settings of a <see cref="TrainingSession"/> run.</summary>
public sealed record TrainingSessionOptions
{
    /// <summary>The architecture. Default <see cref="ModelKind.Matrix"/>, the shipped model's.</summary>
    public ModelKind Model { get; init; } = ModelKind.Matrix;

    /// <summary>
    /// How clips are divided into training and test data; <see langword="null"/> (the default) holds out a seeded 20 % of the
    /// speakers (at least one), one speaker-independent fold.
    /// </summary>
    public SplitProtocol? Split { get; init; }

    /// <summary>The copies made of each training clip (test and validation clips stay originals). Default <see cref="AugmentationPolicy.Seed"/>.</summary>
    public AugmentationPolicy Augmentation { get; init; } = AugmentationPolicy.Seed;

    /// <summary>
    /// Trainer settings (epochs, batch, learning-rate rules); its seed is replaced by <see cref="Seed"/>. Default: the shipped
    /// model's recipe, chosen by cross-validation: up to 16 epochs, the best by validation accuracy, early stopping after 4 epochs
    /// without a better one, the learning rate halved after 2, and <see cref="TrainerOptions.RecalibrateBatchNorm"/> on, which
    /// small corpora need. The rest (Adam, batch 128) is the original's.
    /// </summary>
    public TrainerOptions Trainer { get; init; } = new()
    {
        RecalibrateBatchNorm = true,
        Monitor = TrainingMonitor.ValidationAccuracy,
        MaxEpochs = 16,
        EarlyStoppingPatience = 4,
        LearningRatePatience = 2,
    };

    /// <summary>The feature spec. Default <see cref="FeatureSpec.Seed"/>.</summary>
    public FeatureSpec Spec { get; init; } = FeatureSpec.Seed;

    /// <summary>Seeds the split, the validation speakers, the augmentation noise, the initial weights and the trainer. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// The share of each fold's training speakers held out as validation data for early stopping and the learning-rate plateau
    /// (at least one speaker). Default 0.2: three of sixteen RAVDESS training actors, enough that one voice does not decide when to stop.
    /// The final model of a multi-fold run keeps no one back (it trains on every speaker for the folds' median best epoch).
    /// </summary>
    public double ValidationSpeakerShare { get; init; } = 0.2;

    /// <summary>Where feature vectors are kept between runs; none when null.</summary>
    public FeatureCache? Cache { get; init; }

    /// <summary>When set, per-fold and pooled reports, history curves and <c>summary.md</c> are written there.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>The corpus folders or files the clips came from, recorded in the model's provenance.</summary>
    public IReadOnlyList<string> CorpusPaths { get; init; } = [];

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Augmentation);
        ArgumentNullException.ThrowIfNull(Trainer);
        ArgumentNullException.ThrowIfNull(Spec);
        Spec.Validate();
        Trainer.Validate();
        if (ValidationSpeakerShare is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(ValidationSpeakerShare), ValidationSpeakerShare, "Must lie in (0, 1).");
    }
}
