using System.CommandLine;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion-train train --data DIR… [--corpus K] [--model utterance|seed|compact|matrix] [--epochs N] [--seed N] [--report DIR] --out FILE</c> plus,
/// for the utterance model, the recipe's switches (<see cref="UtteranceTrainOptions"/>) and, for the others, <c>--monitor --patience --split
/// --augment --cache</c>: extract, train, evaluate and write a model.
/// </summary>
internal static class TrainCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train an emotion model on labelled corpora and write a model.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, options, output, error, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, TrainOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            options.RefuseOptionsOfTheOtherRoad(parse);
            options.CheckOutputs(parse);
            var clips = options.Inputs.LoadClips(parse);
            if (options.IsUtterance(parse))
                return RunUtterance(parse, options, clips, output, cancellationToken);
            var session = options.ToSessionOptions(parse);
            return Train(parse, options, clips, $"cache {session.Cache!.Directory}", output,
                progress => TrainingSession.Run(clips, session, progress, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "train", e);
        }
    }

    private static int RunUtterance(ParseResult parse, TrainOptions options, IReadOnlyList<LabeledClip> clips, TextWriter output, CancellationToken cancellationToken)
    {
        var seed = parse.GetResult(options.Seed) is { Implicit: false } ? parse.GetValue(options.Seed) : (int?)null;
        var session = options.Utterance.ToSessionOptions(parse, options.EpochsOrNull(parse), seed,
            parse.GetValue(options.Report), parse.GetValue(options.Inputs.Data)!);
        var teacher = session.Teacher is null ? "" : $"; teacher: {parse.GetValue(options.Utterance.Teacher)} (weight {session.TeacherWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        return Train(parse, options, clips, $"recipe: {session.Recipe.Describe()}{teacher}", output,
            progress => UtteranceSession.Run(clips, session, progress, cancellationToken));
    }

    private static int Train(ParseResult parse, TrainOptions options, IReadOnlyList<LabeledClip> clips, string detail, TextWriter output,
        Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        output.WriteLine($"{clips.Count} clips, {clips.Select(c => c.Speaker).Distinct().Count()} speakers; {detail}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CliProgress.Run(output, train);
        var outPath = parse.GetValue(options.Out)!;
        result.Model.Save(outPath);
        output.WriteLine(result.Summary);
        output.WriteLine($"model written to {outPath} after {clock.Elapsed.TotalMinutes:F1} min");
        return ExitCodes.Success;
    }

    private sealed class TrainOptions
    {
        private static readonly TrainingSessionOptions Defaults = new();

        internal CorpusInputs Inputs { get; } = new();

        private readonly Option<string> _model = Choice("--model", "The architecture (utterance: the shipped model's; seed: the original project's).", "utterance", [.. ModelFactory.Names]);
        private readonly Option<string?> _split = new("--split")
        {
            Description = "speaker-folds:K, holdout:ID,ID,... or seed-random[:FRACTION]. Default: a seeded 20 % of the speakers held out.",
        };
        private readonly Option<string> _augment = Choice("--augment", "Training copies: seed (original, noise, pitch, pitch+noise) or none.", "seed", ["seed", "none"]);
        private readonly Option<int?> _epochs = new("--epochs")
        {
            Description = $"Epochs per model (utterance: exactly, default {new UtteranceRecipe().Epochs}; others: at most, early stopping may end sooner, default {Defaults.Trainer.MaxEpochs}).",
        };
        private readonly Option<string> _monitor = Choice("--monitor", "What picks the best epoch and stops training: validation loss (the original's) or validation accuracy.", "accuracy", ["loss", "accuracy"]);
        private readonly Option<int> _patience = new("--patience")
        {
            Description = "Epochs without improvement before training stops; the learning rate halves after half as many.",
            DefaultValueFactory = _ => Defaults.Trainer.EarlyStoppingPatience,
        };
        internal Option<int> Seed { get; } = new("--seed") { Description = "Seeds split, augmentation, weights and shuffling.", DefaultValueFactory = _ => Defaults.Seed };
        internal Option<string?> Report { get; } = new("--report") { Description = "Folder for reports, confusion matrices, curves and summary.md." };

        internal UtteranceTrainOptions Utterance { get; } = new();

        internal bool IsUtterance(ParseResult parse) => parse.GetValue(_model) == "utterance";

        internal int? EpochsOrNull(ParseResult parse) => parse.GetValue(_epochs);

        /// <summary>
        /// A switch of the other road would be silently ignored (a fold count for the seed road, a split for the utterance one), so
        /// the run would not be what the user asked for: refuse it before any work.
        /// </summary>
        /// <exception cref="ArgumentException">An option given does not apply to the chosen model.</exception>
        internal void RefuseOptionsOfTheOtherRoad(ParseResult parse)
        {
            var utterance = IsUtterance(parse);
            var misplaced = (utterance ? new Option[] { _split, _augment, _monitor, _patience, Inputs.Cache } : Utterance.Options)
                .Where(o => parse.GetResult(o) is { Implicit: false })
                .Select(o => o.Name)
                .ToArray();
            if (misplaced.Length > 0)
                throw new ArgumentException(utterance
                    ? $"{string.Join(", ", misplaced)} belong(s) to the seed, compact and matrix models; the utterance model takes --folds and its recipe switches (see --help)."
                    : $"{string.Join(", ", misplaced)} belong(s) to the utterance model; add --model utterance, or use --split for {parse.GetValue(_model)}.");
        }

        internal Option<string> Out { get; } = new("--out") { Description = "The model to write.", Required = true };

        /// <summary>An unwritable model or report path is found now, not after the training run.</summary>
        /// <exception cref="BadInputException">--out or --report cannot be written.</exception>
        internal void CheckOutputs(ParseResult parse)
        {
            OutputTargets.CheckFile(Out.Name, parse.GetValue(Out)!);
            if (parse.GetValue(Report) is { } report) OutputTargets.CheckFolder(Report.Name, report);
        }

        internal void AddTo(Command command)
        {
            Inputs.AddTo(command);
            foreach (var option in new Option[] { _model, _split, _augment, _epochs, _monitor, _patience, Seed, Report, Out })
                command.Options.Add(option);
            Utterance.AddTo(command);
        }

        /// <exception cref="FormatException">The split text names no protocol.</exception>
        internal TrainingSessionOptions ToSessionOptions(ParseResult parse)
        {
            var split = parse.GetValue(_split);
            return Defaults with
            {
                Model = Enum.Parse<ModelKind>(parse.GetValue(_model)!, ignoreCase: true),
                Split = split is null ? null : SplitProtocol.Parse(split),
                Augmentation = parse.GetValue(_augment) == "none" ? AugmentationPolicy.None : AugmentationPolicy.Seed,
                Trainer = Defaults.Trainer with
                {
                    MaxEpochs = parse.GetValue(_epochs) ?? Defaults.Trainer.MaxEpochs,
                    Monitor = parse.GetValue(_monitor) == "accuracy" ? TrainingMonitor.ValidationAccuracy : TrainingMonitor.ValidationLoss,
                    EarlyStoppingPatience = parse.GetValue(_patience),
                    LearningRatePatience = Math.Max(1, (parse.GetValue(_patience) + 1) / 2),
                },
                Seed = parse.GetValue(Seed),
                Cache = Inputs.OpenCache(parse),
                ReportDirectory = parse.GetValue(Report),
                CorpusPaths = parse.GetValue(Inputs.Data)!,
            };
        }

        internal static Option<string> Choice(string name, string description, string defaultValue, string[] values)
        {
            var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
            option.AcceptOnlyFromAmong(values);
            return option;
        }
    }
}
