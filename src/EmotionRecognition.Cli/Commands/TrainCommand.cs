using System.CommandLine;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Models;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion train --data DIR… [--corpus K] [--model seed|compact|matrix] [--monitor loss|accuracy] [--patience N] [--split S] [--augment seed|none] [--epochs N] [--seed N]
/// [--cache DIR] [--report DIR] --out FILE</c>: extract (cached), scale, train, evaluate and write a model bundle.
/// </summary>
internal static class TrainCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train an emotion model on labelled corpora and write a model bundle.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, options, output, error, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, TrainOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var session = options.ToSessionOptions(parse);
            var clips = options.Inputs.LoadClips(parse);
            output.WriteLine($"{clips.Count} clips, {clips.Select(c => c.Speaker).Distinct().Count()} speakers; cache {session.Cache!.Directory}");
            var result = CliProgress.Run(output, progress => TrainingSession.Run(clips, session, progress, cancellationToken));
            var outPath = parse.GetValue(options.Out)!;
            result.Bundle.Save(outPath);
            output.WriteLine(result.Summary);
            output.WriteLine($"model written to {outPath}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "train", e);
        }
    }

    private sealed class TrainOptions
    {
        private static readonly TrainingSessionOptions Defaults = new();

        internal CorpusInputs Inputs { get; } = new();

        private readonly Option<string> _model = Choice("--model", "The architecture (matrix: the shipped model's).", Defaults.Model.ToString().ToLowerInvariant(), [.. ModelFactory.Names]);
        private readonly Option<string?> _split = new("--split")
        {
            Description = "speaker-folds:K, holdout:ID,ID,... or seed-random[:FRACTION]. Default: a seeded 20 % of the speakers held out.",
        };
        private readonly Option<string> _augment = Choice("--augment", "Training copies: seed (original, noise, pitch, pitch+noise) or none.", "seed", ["seed", "none"]);
        private readonly Option<int> _epochs = new("--epochs") { Description = "Most epochs per model (early stopping may end sooner).", DefaultValueFactory = _ => Defaults.Trainer.MaxEpochs };
        private readonly Option<string> _monitor = Choice("--monitor", "What picks the best epoch and stops training: validation loss (the original's) or validation accuracy.", "accuracy", ["loss", "accuracy"]);
        private readonly Option<int> _patience = new("--patience")
        {
            Description = "Epochs without improvement before training stops; the learning rate halves after half as many.",
            DefaultValueFactory = _ => Defaults.Trainer.EarlyStoppingPatience,
        };
        private readonly Option<int> _seed = new("--seed") { Description = "Seeds split, augmentation, weights and shuffling.", DefaultValueFactory = _ => Defaults.Seed };
        private readonly Option<string?> _report = new("--report") { Description = "Folder for reports, confusion matrices, curves and summary.md." };

        internal Option<string> Out { get; } = new("--out") { Description = "The model bundle to write.", Required = true };

        internal void AddTo(Command command)
        {
            Inputs.AddTo(command);
            foreach (var option in new Option[] { _model, _split, _augment, _epochs, _monitor, _patience, _seed, _report, Out })
                command.Options.Add(option);
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
                    MaxEpochs = parse.GetValue(_epochs),
                    Monitor = parse.GetValue(_monitor) == "accuracy" ? TrainingMonitor.ValidationAccuracy : TrainingMonitor.ValidationLoss,
                    EarlyStoppingPatience = parse.GetValue(_patience),
                    LearningRatePatience = Math.Max(1, (parse.GetValue(_patience) + 1) / 2),
                },
                Seed = parse.GetValue(_seed),
                Cache = Inputs.OpenCache(parse),
                ReportDirectory = parse.GetValue(_report),
                CorpusPaths = parse.GetValue(Inputs.Data)!,
            };
        }

        private static Option<string> Choice(string name, string description, string defaultValue, string[] values)
        {
            var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
            option.AcceptOnlyFromAmong(values);
            return option;
        }
    }
}
