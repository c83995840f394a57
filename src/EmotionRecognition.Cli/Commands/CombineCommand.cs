using System.CommandLine;
using EmotionRecognition.Onnx;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion-train combine MODEL MODEL… --out FILE [--data DIR… [--corpus K] [--folds N] [--split-seed N] [--rate-check R,…] [--report DIR]]</c>:
/// one ensemble model of every member of the given models (e.g. fold ensembles of one recipe trained with other seeds); with
/// <c>--data</c>, scored fold by fold on the clips it was trained on, and the scores written into it.
/// </summary>
internal static class CombineCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var models = new Argument<string[]>("models") { Description = "The models to join (one alone is only scored).", Arity = ArgumentArity.OneOrMore };
        var outPath = new Option<string>("--out") { Description = "The ensemble model to write.", Required = true };
        var report = new Option<string?>("--report") { Description = "With --data: folder for the folds' reports, confusion PNGs and summary.md." };
        var inputs = new CorpusInputs();
        var scoring = new UtteranceTrainOptions();
        var command = new Command("combine", "Join models into one ensemble; with --data, score it on the speaker folds its members were trained on.")
        {
            models, outPath, report,
        };
        inputs.AddOptionalTo(command);
        foreach (var option in scoring.ScoringOptions)
            command.Options.Add(option);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, parse.GetValue(models)!, parse.GetValue(outPath)!, inputs,
            scoring.ToScoringOptions(parse, parse.GetValue(report)), output, error, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, string[] paths, string outPath, CorpusInputs inputs, UtteranceSessionOptions scoring,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            // One model is scored as it is, so a single run's ensemble can be checked through the inference path too.
            var model = paths.Length == 1 ? EmotionModel.Load(paths[0]) : EnsembleCombiner.Combine(paths.Select(EmotionModel.Load).ToArray());
            output.WriteLine($"{EnsembleCombiner.CountMembers(model)} members from {paths.Length} model(s)");
            if (parse.GetValue(inputs.Data) is { Length: > 0 })
            {
                var clips = inputs.LoadClips(parse);
                var result = CliProgress.Run(output, progress => UtteranceSession.Score(model, clips, scoring, progress, cancellationToken));
                model = result.Model;
                output.WriteLine(result.Summary);
            }
            model.Save(outPath);
            output.WriteLine($"model written to {outPath}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "combine", e);
        }
    }
}
