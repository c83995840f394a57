using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace EmotionRecognition.Cli.Commands;

/// <summary>The options and output shared by the classifying commands (`predict`, `segments`, `stream`).</summary>
internal static class ModelOption
{
    internal static Option<string?> Create() =>
        new("--model") { Description = "A model (.emotion); the model shipped with the tool when omitted." };

    internal static Option<bool> Json() => new("--json") { Description = "One JSON object per line instead of text." };

    internal static Option<double?> Window() =>
        Seconds(new("--window") { Description = "Window length in seconds (default: 3 s for utterance models, else the model's clip length)." });

    internal static Option<double?> Hop() => Seconds(new("--hop") { Description = "Seconds between window starts (default: half a window)." });

    /// <summary>The most a window or hop may be: an hour, far beyond any use and well inside TimeSpan and buffer sizes.</summary>
    private const double MaxSeconds = 3600;

    // NaN, infinities, 1e300 or a negative length would otherwise surface as a TimeSpan exception with a stack trace.
    private static Option<double?> Seconds(Option<double?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } s && !(s > 0 && s <= MaxSeconds))
                r.AddError($"{option.Name} must be a number of seconds above 0 and at most {MaxSeconds:0} (was {s}).");
        });
        return option;
    }

    /// <summary>Loads the classifier, or reports why not (exit 2 for an unusable model) and returns null.</summary>
    internal static EmotionClassifier? Load(string? path, TextWriter error, out int exit)
    {
        exit = ExitCodes.Success;
        try
        {
            return path is null ? EmotionClassifier.LoadDefault() : EmotionClassifier.Load(path);
        }
        catch (Exception e)
        {
            exit = ExitCodes.Report(error, path ?? "default model", e);
            return null;
        }
    }

    /// <summary>The model at <paramref name="path"/>, or the shipped default model; with the name reports give it.</summary>
    internal static (EmotionModel Model, string Name) LoadModel(string? path)
    {
        if (path is not null) return (EmotionModel.Load(path), path);
        using var classifier = EmotionClassifier.LoadDefault();
        return (classifier.Model, "default model (shipped with EmotionRecognition)");
    }

    internal static TimeSpan? ToSpan(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    internal static Dictionary<string, float> Probabilities(EmotionPrediction p) =>
        Enum.GetValues<Emotion>().ToDictionary(e => e.ToLabel(), p.ProbabilityOf);

    /// <summary>The emotion's label, or null for a clip without (enough) speech, so JSON readers never see an unasked-for answer.</summary>
    internal static string? EmotionOrNull(EmotionPrediction p) => p.HasSpeech ? p.Emotion.ToLabel() : null;

    /// <summary>The confidence, or null for a clip without (enough) speech.</summary>
    internal static float? ConfidenceOrNull(EmotionPrediction p) => p.HasSpeech ? p.Confidence : null;

    /// <summary>"speech", "none" or "too-short": the JSON name of <see cref="EmotionPrediction.SpeechStatus"/>.</summary>
    internal static string SpeechLabel(EmotionPrediction p) => p.SpeechStatus switch
    {
        Speech.SpeechStatus.Speech => "speech",
        Speech.SpeechStatus.TooShort => "too-short",
        _ => "none",
    };

    internal static string Describe(EmotionSegment s, bool json) => json
        ? JsonSerializer.Serialize(new
        {
            start = s.Start.TotalSeconds,
            end = s.End.TotalSeconds,
            emotion = EmotionOrNull(s.Prediction),
            confidence = ConfidenceOrNull(s.Prediction),
            speech = SpeechLabel(s.Prediction),
            probabilities = Probabilities(s.Prediction),
        })
        : string.Create(CultureInfo.InvariantCulture, $"{s.Start.TotalSeconds:F2}\t{s.End.TotalSeconds:F2}\t{s.Prediction}");
}
