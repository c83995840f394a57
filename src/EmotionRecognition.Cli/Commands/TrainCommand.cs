using System.CommandLine;
using System.Globalization;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Models;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion train --data DIR… [--corpus K] [--model seed|compact] [--split S] [--augment seed|none] [--epochs N] [--seed N]
/// [--cache DIR] [--report DIR] --out FILE</c>: extract (cached), scale, train, evaluate and write a model bundle.
/// </summary>
internal static class TrainCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var inputs = new CorpusInputs();
        var model = new Option<string>("--model") { Description = "The architecture.", DefaultValueFactory = _ => "compact" };
        model.AcceptOnlyFromAmong([.. ModelFactory.Names]);
        var split = new Option<string?>("--split")
        {
            Description = "speaker-folds:K, holdout:ID,ID,... or seed-random[:FRACTION]. Default: a seeded 20 % of the speakers held out.",
        };
        var augment = new Option<string>("--augment") { Description = "Training copies: seed (original, noise, pitch, pitch+noise) or none.", DefaultValueFactory = _ => "seed" };
        augment.AcceptOnlyFromAmong("seed", "none");
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per model (early stopping may end sooner).", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seeds split, augmentation, weights and shuffling.", DefaultValueFactory = _ => 42 };
        var report = new Option<string?>("--report") { Description = "Folder for reports, confusion matrices, curves and summary.md." };
        var outPath = new Option<string>("--out") { Description = "The model bundle to write.", Required = true };
        var command = new Command("train", "Train an emotion model on labelled corpora and write a model bundle.")
        {
            model, split, augment, epochs, seed, report, outPath,
        };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, inputs, output, error, cancellationToken, new Settings(
            parse.GetValue(model)!, parse.GetValue(split), parse.GetValue(augment)!, parse.GetValue(epochs), parse.GetValue(seed),
            parse.GetValue(report), parse.GetValue(outPath)!))));
        return command;
    }

    private sealed record Settings(string Model, string? Split, string Augment, int Epochs, int Seed, string? Report, string Out);

    private static int Run(ParseResult parse, CorpusInputs inputs, TextWriter output, TextWriter error, CancellationToken cancellationToken, Settings settings)
    {
        try
        {
            var defaults = new TrainingSessionOptions();
            var options = defaults with
            {
                Model = Enum.Parse<ModelKind>(settings.Model, ignoreCase: true),
                Split = settings.Split is null ? null : SplitProtocol.Parse(settings.Split),
                Augmentation = settings.Augment == "none" ? AugmentationPolicy.None : AugmentationPolicy.Seed,
                Trainer = defaults.Trainer with { MaxEpochs = settings.Epochs },
                Seed = settings.Seed,
                Cache = inputs.OpenCache(parse),
                ReportDirectory = settings.Report,
                CorpusPaths = parse.GetValue(inputs.Data)!,
            };
            var clips = inputs.LoadClips(parse);
            output.WriteLine($"{clips.Count} clips, {clips.Select(c => c.Speaker).Distinct().Count()} speakers; cache {options.Cache!.Directory}");
            var result = CliProgress.Run(output, progress => TrainingSession.Run(clips, options, progress, cancellationToken));
            result.Bundle.Save(settings.Out);
            output.WriteLine(result.Summary);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model written to {settings.Out}"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "train", e);
        }
    }
}
