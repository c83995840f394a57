using System.CommandLine;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion segments FILE [--window S] [--hop S] [--model FILE] [--json]</c>: the emotion of each window of a long recording,
/// printed as it is computed (start, end, prediction).
/// </summary>
internal static class SegmentsCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("audio") { Description = "A (long) audio file." };
        var window = ModelOption.Window();
        var hop = ModelOption.Hop();
        var model = ModelOption.Create();
        var json = ModelOption.Json();
        var command = new Command("segments", "Recognise the emotion window by window along a long recording.") { file, window, hop, model, json };
        command.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(file)!, ModelOption.ToSpan(parse.GetValue(window)),
            ModelOption.ToSpan(parse.GetValue(hop)), parse.GetValue(model), parse.GetValue(json), output, error, ct)));
        return command;
    }

    private static int Run(string file, TimeSpan? window, TimeSpan? hop, string? modelPath, bool json, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        using var classifier = ModelOption.Load(modelPath, error, out var exit);
        if (classifier is null) return exit;
        try
        {
            foreach (var segment in classifier.ClassifySegments(file, window, hop, cancellationToken))
                output.WriteLine(ModelOption.Describe(segment, json));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, file, e);
        }
    }
}
