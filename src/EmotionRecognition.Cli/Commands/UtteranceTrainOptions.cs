using System.CommandLine;
using System.Globalization;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>The utterance recipe's switches on <c>emotion-train train</c>: every part of <see cref="UtteranceRecipe"/> can be turned off or tuned.</summary>
internal sealed class UtteranceTrainOptions
{
    private static readonly UtteranceRecipe Defaults = new();

    private readonly Option<int> _folds = new("--folds") { Description = "Speaker folds to cross-validate over (0: none).", DefaultValueFactory = _ => 5 };
    private readonly Option<int?> _splitSeed = new("--split-seed") { Description = "Seeds the assignment of speakers to folds alone (default: --seed), so recipes with other seeds can share folds." };
    private readonly Option<string?> _seeds = new("--seeds")
    {
        Description = $"Comma-separated seeds, one run of the recipe each, averaged fold by fold (default {string.Join(",", Defaults.Seeds)}); --seed N is one run.",
    };
    private readonly Option<bool> _ensemble = new("--ensemble") { Description = "Ship the fold models averaged in one graph instead of one model retrained on every speaker." };
    private readonly Option<string> _channels = new("--channels") { Description = "Convolution block widths.", DefaultValueFactory = _ => string.Join(",", Defaults.Channels) };
    private readonly Option<int> _bands = new("--bands") { Description = "Log-mel bands of the utterance features (0 to 7.6 kHz).", DefaultValueFactory = _ => Defaults.Spec.MelBandCount };
    private readonly Option<int> _frame = new("--frame-length") { Description = "FFT frame of the utterance features, in samples at 16 kHz (a power of two).", DefaultValueFactory = _ => Defaults.Spec.FrameLength };
    private readonly Option<int> _hop = new("--hop-length") { Description = "Hop between utterance frames, in samples at 16 kHz.", DefaultValueFactory = _ => Defaults.Spec.HopLength };
    private readonly Option<double> _crop = new("--crop") { Description = "Seconds per training crop.", DefaultValueFactory = _ => Defaults.CropSeconds };
    private readonly Option<double> _mixup = new("--mixup") { Description = "Mixup's Beta alpha (0: off, the default; 0.2 is the usual value).", DefaultValueFactory = _ => Defaults.MixupAlpha };
    private readonly Option<double> _smoothing = new("--label-smoothing") { Description = "Label smoothing (0: off).", DefaultValueFactory = _ => Defaults.LabelSmoothing };
    private readonly Option<int> _copies = new("--copies") { Description = "Augmented waveform copies per training clip (0: none).", DefaultValueFactory = _ => Defaults.AugmentedCopies };
    private readonly Option<double> _auxiliary = new("--auxiliary") { Description = "Weight of the intensity and gender task (0: off).", DefaultValueFactory = _ => Defaults.AuxiliaryWeight };
    private readonly Option<double> _learningRate = new("--lr") { Description = "Peak learning rate of the one-cycle schedule.", DefaultValueFactory = _ => Defaults.MaxLearningRate };
    private readonly Option<bool> _noSpecAugment = new("--no-specaugment") { Description = "Turn SpecAugment masks off." };
    private readonly Option<bool> _noBalance = new("--no-balance") { Description = "Do not weight the loss by inverse emotion frequency." };
    private readonly Option<bool> _noSpeed = new("--no-speed") { Description = "No speed perturbation in the copies." };
    private readonly Option<bool> _pitch = new("--pitch") { Description = "Pitch-shift some copies (slow)." };
    private readonly Option<bool> _noNoise = new("--no-noise") { Description = "No added noise in the copies." };
    private readonly Option<string?> _rateChecks = new("--rate-check")
    {
        Description = "Comma-separated sample rates the folds' test clips are converted to with sox, to measure whether answers stay (e.g. 16000,44100).",
    };
    private readonly Option<string?> _teacher = new("--teacher")
    {
        Description = "A fold ensemble trained on the same data, folds and split seed (e.g. the default model) whose answers the new models learn besides the labels (distillation).",
    };
    private readonly Option<double> _teacherWeight = new("--teacher-weight")
    {
        Description = "Share of each target taken from the --teacher's answer (0-1].", DefaultValueFactory = _ => new UtteranceSessionOptions().TeacherWeight,
    };
    private readonly Option<bool> _noChannel = new("--no-channel") { Description = "No channel simulation (band-limit, EQ, reverberation) in the copies." };

    /// <summary>--teacher: the path of the model the new models learn from.</summary>
    internal Option<string?> Teacher => _teacher;

    /// <summary>Every switch of the utterance recipe.</summary>
    internal Option[] Options => [_folds, _splitSeed, _seeds, _ensemble, _channels, _bands, _frame, _hop, _crop, _mixup, _smoothing, _copies, _auxiliary, _learningRate,
        _noSpecAugment, _noBalance, _noSpeed, _pitch, _noNoise, _noChannel, _rateChecks, _teacher, _teacherWeight];

    /// <summary>The switches that say how folds are scored, which <c>emotion-train combine</c> shares.</summary>
    internal Option[] ScoringOptions => [_folds, _splitSeed, _rateChecks];

    /// <summary>Folds, split seed (default 42, training's default) and rate checks for scoring an ensemble on its folds.</summary>
    internal UtteranceSessionOptions ToScoringOptions(ParseResult parse, string? report) => new()
    {
        Folds = parse.GetValue(_folds),
        SplitSeed = parse.GetValue(_splitSeed) ?? new UtteranceSessionOptions().SplitSeed,
        ReportDirectory = report,
        RateChecks = parse.GetValue(_rateChecks) is { } rates ? ParseList(rates, "--rate-check") : [],
    };

    internal void AddTo(Command command)
    {
        foreach (var option in Options)
            command.Options.Add(option);
    }

    /// <param name="parse">The command line.</param>
    /// <param name="epochs">--epochs, if given.</param>
    /// <param name="seed">--seed, if given: one run with that seed.</param>
    /// <param name="report">--report.</param>
    /// <param name="corpora">The corpus folders.</param>
    /// <exception cref="FormatException">A list is not comma-separated whole numbers, or both --seed and --seeds are given.</exception>
    internal UtteranceSessionOptions ToSessionOptions(ParseResult parse, int? epochs, int? seed, string? report, IReadOnlyList<string> corpora)
    {
        var seeds = (parse.GetValue(_seeds), seed) switch
        {
            ({ } list, null) => ParseList(list, "--seeds"),
            (null, { } one) => [one],
            (null, null) => Defaults.Seeds,
            _ => throw new FormatException("Give --seed (one run) or --seeds (several), not both."),
        };
        var recipe = Defaults with
        {
            Spec = Defaults.Spec with { MelBandCount = parse.GetValue(_bands), FrameLength = parse.GetValue(_frame), HopLength = parse.GetValue(_hop) },
            Channels = ParseList(parse.GetValue(_channels)!, "--channels"),
            Epochs = epochs ?? Defaults.Epochs,
            CropSeconds = parse.GetValue(_crop),
            MixupAlpha = parse.GetValue(_mixup),
            LabelSmoothing = parse.GetValue(_smoothing),
            AugmentedCopies = parse.GetValue(_copies),
            AuxiliaryWeight = parse.GetValue(_auxiliary),
            MaxLearningRate = parse.GetValue(_learningRate),
            SpecAugment = !parse.GetValue(_noSpecAugment),
            BalanceClasses = !parse.GetValue(_noBalance),
            SpeedPerturbation = !parse.GetValue(_noSpeed),
            PitchShift = parse.GetValue(_pitch),
            Noise = !parse.GetValue(_noNoise),
            ChannelAugmentation = !parse.GetValue(_noChannel),
            Seed = seeds[0],
            ExtraSeeds = seeds[1..],
        };
        if (parse.GetValue(_teacher) is null && parse.GetResult(_teacherWeight) is { Implicit: false })
            throw new FormatException("--teacher-weight needs a --teacher.");
        return ToScoringOptions(parse, report) with
        {
            Recipe = recipe,
            TrainFinalModel = !parse.GetValue(_ensemble),
            SplitSeed = parse.GetValue(_splitSeed) ?? seeds[0],
            CorpusPaths = corpora,
            Teacher = parse.GetValue(_teacher) is { } teacher ? EmotionModel.Load(teacher) : null,
            TeacherWeight = parse.GetValue(_teacherWeight),
        };
    }

    private static int[] ParseList(string text, string option) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0
                ? c
                : throw new FormatException($"{option} takes comma-separated positive whole numbers, not '{text}'."))
            .ToArray();
}
