using System.CommandLine;
using System.Text.Json.Nodes;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion evaluate [--model FILE] --data DIR… [--corpus K] [--json] [--report DIR]</c>: score labelled clips with a model (the
/// shipped default model without --model) through the inference path (scaler + ONNX Runtime) and print the classification report,
/// with a loud warning when the clips' speakers are among the model's training speakers.
/// </summary>
internal static class EvaluateCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var inputs = new CorpusInputs();
        var model = ModelOption.Create();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var report = new Option<string?>("--report") { Description = "Folder for report.txt, report.json and confusion.png." };
        var command = new Command("evaluate", "Evaluate a model on labelled corpora (WA, UA, macro-F1, confusion matrix).")
        {
            model, json, report,
        };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse, inputs, parse.GetValue(model), parse.GetValue(json),
            parse.GetValue(report), output, error, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, CorpusInputs inputs, string? modelPath, bool json, string? reportFolder,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var (model, name) = ModelOption.LoadModel(modelPath);
            var clips = inputs.LoadClips(parse);
            var overlap = SpeakerOverlap.Find(model, clips);
            if (overlap.Any) error.WriteLine(overlap.Warning);
            var cache = inputs.OpenCache(parse);
            // Progress goes to the error stream so that --json output stays parseable.
            var result = CliProgress.Run(json ? error : output, progress => ModelEvaluator.Evaluate(model, clips, cache,
                CliProgress.Extraction(progress, "features"),
                cancellationToken));
            if (reportFolder is not null) result.SaveReport(reportFolder, $"{Path.GetFileName(modelPath) ?? "default model"}: {clips.Count} clips");
            output.WriteLine(json ? WithOverlap(result.ToJson(), name, overlap) : (overlap.Any ? overlap.Warning + "\n\n" : "") + result.ToText());
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, "evaluate", e);
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The report's JSON with the model and the training-speaker overlap added, so a script cannot miss it.</summary>
    private static string WithOverlap(string reportJson, string model, SpeakerOverlap overlap)
    {
        var report = JsonNode.Parse(reportJson)!.AsObject();
        report["model"] = model;
        report["trainingSpeakerOverlap"] = new JsonObject
        {
            ["speakers"] = new JsonArray(overlap.Speakers.Select(s => (JsonNode?)s).ToArray()),
            ["certain"] = overlap.Certain,
            ["warning"] = overlap.Any ? overlap.Warning : null,
        };
        return report.ToJsonString(Indented);
    }
}
