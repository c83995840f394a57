using System.CommandLine;
using System.Text.Json;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion predict FILE|DIR… [--model FILE] [--json] [--top K]</c>: the emotion of each file, one line (or JSON object)
/// per file. A file that cannot be read is reported and the others go on; the exit code is then 2.
/// </summary>
internal static class PredictCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("audio") { Description = "Audio files or folders.", Arity = ArgumentArity.OneOrMore };
        var model = ModelOption.Create();
        var json = ModelOption.Json();
        var top = new Option<int>("--top") { Description = "How many emotions to list per file, most probable first.", DefaultValueFactory = _ => 3 };
        top.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 7) r.AddError("--top must be between 1 and 7."); });
        var command = new Command("predict", "Recognise the emotion in speech recordings.") { files, model, json, top };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(AudioInputs.Expand(parse.GetValue(files)!), parse.GetValue(model),
            parse.GetValue(json), parse.GetValue(top), output, error, cancellationToken)));
        return command;
    }

    private static int Run(AudioInputs inputs, string? modelPath, bool json, int top, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        using var classifier = ModelOption.Load(modelPath, error, out var exit);
        if (classifier is null) return exit;
        exit = inputs.ReportUnreadable(error);
        // Batch by batch, in order: results are printed as each batch of files is done, and a bad file costs only its own line.
        foreach (var result in classifier.ClassifyFilesAsync(inputs.Files, cancellationToken).ToBlockingEnumerable(cancellationToken))
        {
            if (result.Succeeded)
                output.WriteLine(json ? ToJson(result.Path, result.Prediction, top) : $"{TextLine.Escape(result.Path)}\t{result.Prediction.ToString(top)}");
            else
                exit = ExitCodes.Worst(exit, ExitCodes.Report(error, result.Path, result.Error));
        }
        return exit;
    }

    private static string ToJson(string file, EmotionPrediction p, int top) => JsonSerializer.Serialize(new
    {
        file,
        emotion = ModelOption.EmotionOrNull(p),
        confidence = ModelOption.ConfidenceOrNull(p),
        speech = ModelOption.SpeechLabel(p),
        speechSeconds = p.SpeechActivity.SpeechSeconds,
        top = p.HasSpeech ? p.Top(top).Select(t => new { emotion = t.Emotion.ToLabel(), probability = t.Probability }) : [],
        probabilities = ModelOption.Probabilities(p),
    });
}
