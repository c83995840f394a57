using System.Globalization;
using EmotionRecognition.Features;

namespace EmotionRecognition.Training;

/// <summary>
/// How the utterance model (<see cref="Networks.ModelKind.Utterance"/>) is trained; every part can be switched off, which is how
/// the ablation in docs/training.md was measured. The defaults are the shipped recipe.
/// </summary>
public sealed record UtteranceRecipe
{
    /// <summary>The features; a variable-length spec (<see cref="FeatureSpec.Utterance"/> by default).</summary>
    public FeatureSpec Spec { get; init; } = FeatureSpec.Utterance;

    /// <summary>Output channels of the 3×3 convolution blocks. Default 16, 32, 64, 128 (about 0.1 M parameters).</summary>
    public IReadOnlyList<int> Channels { get; init; } = Networks.UtteranceCnn.DefaultChannels;

    /// <summary>Passes over the training clips (the schedule is fixed; no validation speakers are taken out). Default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Clips per optimisation step. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The one-cycle schedule's peak learning rate for AdamW. Default 0.003.</summary>
    public double MaxLearningRate { get; init; } = 3e-3;

    /// <summary>AdamW's decoupled weight decay. Default 0.01.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <summary>Share of the steps spent warming the learning rate up to its peak; cosine annealing follows. Default 0.2.</summary>
    public double WarmupShare { get; init; } = 0.2;

    /// <summary>Seconds of each training example: a random crop of longer utterances, shorter ones repeated to fill it. Default 2.</summary>
    public double CropSeconds { get; init; } = 2;

    /// <summary>SpecAugment: one random run of up to 20 frames and one of up to 8 bands masked per example. Default on.</summary>
    public bool SpecAugment { get; init; } = true;

    /// <summary>
    /// Mixup's Beta(α, α) parameter (0.2 is the usual choice); 0 turns mixup off. Default 0: on the speaker folds the recipe did
    /// better without it (docs/training.md, "Ablation").
    /// </summary>
    public double MixupAlpha { get; init; }

    /// <summary>
    /// Weights each example's loss by the inverse frequency of its emotion in the training clips, so that an emotion with more clips
    /// (RAVDESS has half again as many neutral clips, calm counted as neutral) does not pull uncertain answers towards itself. Default on.
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Share of the target moved evenly to every class. Default 0.1.</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Augmented copies per training clip, besides the clip itself; each draws its own waveform changes. Default 4.</summary>
    public int AugmentedCopies { get; init; } = 4;

    /// <summary>Copies may be played 0.9-1.1 times as fast (tempo and pitch together). Default on.</summary>
    public bool SpeedPerturbation { get; init; } = true;

    /// <summary>Copies may be pitch-shifted by up to ±2 semitones (phase vocoder; slow). Default off.</summary>
    public bool PitchShift { get; init; }

    /// <summary>Copies may get white noise at 10-30 dB SNR. Default on.</summary>
    public bool Noise { get; init; } = true;

    /// <summary>Copies may pass a simulated channel: 8 kHz band-limiting, a random equaliser and gain, synthetic reverberation. Default on.</summary>
    public bool ChannelAugmentation { get; init; } = true;

    /// <summary>
    /// Weight of the auxiliary task (RAVDESS intensity and speaker gender from the file names, other clips unlabelled); 0 turns it
    /// off. Default 0.3.
    /// </summary>
    public double AuxiliaryWeight { get; init; } = 0.3;

    /// <summary>Seeds the weights, the crops, the masks, mixup and the augmentation draws of the first run. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Seeds of further runs of the whole recipe over the same folds, each drawing its own weights, crops, masks and copies. Every run's
    /// model of a fold joins the ensemble, and each fold is scored on its runs' averaged probabilities. Default [7]: two runs, whose
    /// average beats either run alone on the speaker folds (docs/training.md); empty for one run.
    /// </summary>
    public IReadOnlyList<int> ExtraSeeds { get; init; } = [7];

    /// <summary>The seed of every run, the first run's first.</summary>
    internal int[] Seeds => [Seed, .. ExtraSeeds];

    /// <summary>Frames per training example.</summary>
    internal int CropFrames => Math.Max(Networks.UtteranceCnn.MinimumFrames, (int)Math.Round(CropSeconds * Spec.SampleRate / Spec.HopLength));

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Spec, nameof(Spec));
        Spec.Validate();
        if (!Spec.IsVariableLength) throw new ArgumentException("The utterance recipe needs a variable-length (LogMelByFrame) spec.", nameof(Spec));
        if (Channels is null || Channels.Count == 0 || Channels.Any(c => c < 1 || c > 1024))
            throw new ArgumentException("Channels must list 1 to 1024 channels per block.", nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 2, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLearningRate, nameof(MaxLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
        if (WarmupShare is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(WarmupShare), WarmupShare, "must lie in (0, 1)");
        if (!(CropSeconds > 0) || CropSeconds > Spec.DurationSeconds) throw new ArgumentOutOfRangeException(nameof(CropSeconds), CropSeconds, "must be positive and at most the spec's duration");
        ArgumentOutOfRangeException.ThrowIfNegative(MixupAlpha, nameof(MixupAlpha));
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "must lie in [0, 1)");
        ArgumentOutOfRangeException.ThrowIfNegative(AugmentedCopies, nameof(AugmentedCopies));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AugmentedCopies, 16, nameof(AugmentedCopies));
        ArgumentOutOfRangeException.ThrowIfNegative(AuxiliaryWeight, nameof(AuxiliaryWeight));
        if (ExtraSeeds is null || Seeds.Distinct().Count() != Seeds.Length)
            throw new ArgumentException("Every run needs its own seed: the extra seeds must differ from each other and from Seed.", nameof(ExtraSeeds));
    }

    /// <summary>One line naming every setting, for reports and provenance.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"channels {string.Join("/", Channels)}, {Epochs} epochs, batch {BatchSize}, AdamW peak lr {MaxLearningRate} wd {WeightDecay}, warm-up {WarmupShare:P0}, " +
        $"crops {CropSeconds} s, SpecAugment {OnOff(SpecAugment)}, mixup {(MixupAlpha > 0 ? $"α={MixupAlpha}" : "off")}, label smoothing {LabelSmoothing}, class balance {OnOff(BalanceClasses)}, " +
        $"{AugmentedCopies} augmented copies (speed {OnOff(SpeedPerturbation)}, pitch {OnOff(PitchShift)}, noise {OnOff(Noise)}, channel {OnOff(ChannelAugmentation)}), " +
        $"auxiliary task {(AuxiliaryWeight > 0 ? $"weight {AuxiliaryWeight}" : "off")}, {(ExtraSeeds.Count == 0 ? "seed" : "seeds")} {string.Join(", ", Seeds)}");

    private static string OnOff(bool on) => on ? "on" : "off";
}
