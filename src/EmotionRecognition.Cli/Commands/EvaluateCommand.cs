using System.CommandLine;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion evaluate --model FILE --data DIR… [--corpus K] [--json] [--report DIR]</c>: score labelled clips with a bundle
/// through the inference path (scaler + ONNX Runtime) and print the classification report.
/// </summary>
internal static class EvaluateCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var inputs = new CorpusInputs();
        var model = new Option<string>("--model") { Description = "The model bundle.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var report = new Option<string?>("--report") { Description = "Folder for report.txt, report.json and confusion.png." };
        var command = new Command("evaluate", "Evaluate a model bundle on labelled corpora (WA, UA, macro-F1, confusion matrix).")
        {
            model, json, report,
        };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, inputs, parse.GetValue(model)!, parse.GetValue(json),
            parse.GetValue(report), output, error, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, CorpusInputs inputs, string modelPath, bool json, string? reportFolder,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var bundle = ModelBundle.Load(modelPath);
            var clips = inputs.LoadClips(parse);
            var cache = inputs.OpenCache(parse);
            // Progress goes to the error stream so that --json output stays parseable.
            var result = CliProgress.Run(json ? error : output, progress => BundleEvaluator.Evaluate(bundle, clips, cache,
                CliProgress.Extraction(progress, "features"),
                cancellationToken));
            if (reportFolder is not null) result.SaveReport(reportFolder, $"{Path.GetFileName(modelPath)}: {clips.Count} clips");
            output.WriteLine(json ? result.ToJson() : result.ToText());
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "evaluate", e);
        }
    }
}
