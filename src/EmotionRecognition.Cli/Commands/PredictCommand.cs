using System.CommandLine;
using System.Globalization;
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
        command.SetAction(parse => Run(AudioInputs.Expand(parse.GetValue(files)!), parse.GetValue(model), parse.GetValue(json),
            parse.GetValue(top), output, error));
        return command;
    }

    private static int Run(AudioInputs inputs, string? modelPath, bool json, int top, TextWriter output, TextWriter error)
    {
        using var classifier = ModelOption.Load(modelPath, error, out var exit);
        if (classifier is null) return exit;
        exit = inputs.ReportUnreadable(error);
        var files = inputs.Files;
        var results = new (EmotionPrediction? Prediction, Exception? Failure)[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                results[i] = (classifier.Classify(files[i]), null);
            }
            catch (Exception e)
            {
                results[i] = (null, e);
            }
        });
        for (var i = 0; i < files.Count; i++)
        {
            if (results[i].Prediction is { } p)
                output.WriteLine(json ? ToJson(files[i], p, top) : ToText(files[i], p, top));
            else
                exit = ExitCodes.Worst(exit, ExitCodes.Report(error, files[i], results[i].Failure!));
        }
        return exit;
    }

    private static string ToText(string file, EmotionPrediction p, int top) => !p.HasSpeech ? $"{TextLine.Escape(file)}\t{p}" :
        $"{TextLine.Escape(file)}\t{string.Join(", ", p.Top(top).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Emotion.ToLabel()} {t.Probability * 100:F1}%")))}";

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
