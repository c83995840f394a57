using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Features;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion model [FILE] [--json]</c>: the model card of a model (the shipped default model without FILE): what it reads, its
/// classes, how and on whom it was trained, and how well it did on speakers it never heard.
/// </summary>
internal static class ModelCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string?>("model") { Description = "A model (.emotion); the model shipped with the tool when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the card as one JSON object." };
        var command = new Command("model", "Show a model's card: input spec, classes, provenance (training speakers, corpora, recipe) and metrics.") { file, json };
        command.SetAction(parse => Run(parse.GetValue(file), parse.GetValue(json), output, error));
        return command;
    }

    private static int Run(string? path, bool json, TextWriter output, TextWriter error)
    {
        try
        {
            var (model, name) = ModelOption.LoadModel(path);
            output.WriteLine(json ? ToJson(model, name) : ToText(model, name));
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return ExitCodes.Report(error, path ?? "default model", e);
        }
    }

    private static string ToText(EmotionModel model, string name)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"model: {name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"classes: {string.Join(", ", model.Labels)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"input: {DescribeSpec(model.FeatureSpec)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"training speakers: {DescribeSpeakers(model)}");
        text.AppendLine("provenance:");
        foreach (var (key, value) in model.Provenance.Where(p => p.Key != SpeakerOverlap.ProvenanceKey).OrderBy(p => p.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {key}: {value}");
        text.Append(CultureInfo.InvariantCulture, $"metrics: {DescribeMetrics(model.MetricsJson)}");
        return text.ToString();
    }

    private static string ToJson(EmotionModel model, string name) => new JsonObject
    {
        ["model"] = name,
        ["classes"] = new JsonArray(model.Labels.Select(l => (JsonNode?)l).ToArray()),
        ["featureSpec"] = JsonNode.Parse(model.FeatureSpec.ToJson()),
        ["trainingSpeakers"] = SpeakerOverlap.TrainingSpeakers(model) is { } speakers ? new JsonArray(speakers.Select(s => (JsonNode?)s).ToArray()) : null,
        ["provenance"] = new JsonObject(model.Provenance.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["metrics"] = model.MetricsJson is { } metrics ? JsonNode.Parse(metrics) : null,
    }.ToJsonString();

    private static string DescribeSpec(FeatureSpec spec) => spec.IsVariableLength
        ? FormattableString.Invariant($"{spec.MelBandCount} log-mel bands ({spec.MinFrequency:0}–{spec.EffectiveMaxFrequency:0} Hz) per {1000.0 * spec.HopLength / spec.SampleRate:0.#} ms frame ") +
          FormattableString.Invariant($"of the whole utterance{(spec.TrimSilence ? ", speech-trimmed" : "")}, at most {spec.DurationSeconds:0.#} s, at {spec.SampleRate} Hz")
        : FormattableString.Invariant($"ZCR, RMS and {spec.MfccCount} MFCCs per frame ({spec.FrameLength}/{spec.HopLength}) of {spec.DurationSeconds:0.##} s ") +
          FormattableString.Invariant($"from {spec.OffsetSeconds:0.##} s, at {spec.SampleRate} Hz: a vector of {spec.VectorLength}");

    private static string DescribeSpeakers(EmotionModel model) => SpeakerOverlap.TrainingSpeakers(model) is { } speakers
        ? $"{speakers.Count} ({string.Join(", ", speakers)})"
        : "not listed in this model" + (model.Provenance.TryGetValue("trainedOn", out var on) ? $"; trained on: {on}" : "") +
          (model.Provenance.TryGetValue("corpus", out var corpus) ? $", corpus {corpus}" : "");

    /// <summary>The cross-validation means a training report carries (WA, UA, macro-F1), or what there is.</summary>
    private static string DescribeMetrics(string? json)
    {
        if (json is null) return "none recorded";
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var parts = new[] { ("weightedAccuracy", "WA"), ("unweightedAccuracy", "UA"), ("macroF1", "macro-F1") }
            .Where(m => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(m.Item1, out var v) && v.TryGetProperty("mean", out _))
            .Select(m => MeanStd(root.GetProperty(m.Item1), m.Item2)).ToArray();
        var folds = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("folds", out var f) ? f.GetArrayLength() : 0;
        return parts.Length == 0 ? "none recorded" : $"{string.Join(", ", parts)} over {folds} speaker-independent fold(s)";
    }

    private static string MeanStd(JsonElement value, string name) => string.Create(CultureInfo.InvariantCulture,
        $"{name} {value.GetProperty("mean").GetDouble() * 100:F1} % ± {value.GetProperty("std").GetDouble() * 100:F1} %");
}
