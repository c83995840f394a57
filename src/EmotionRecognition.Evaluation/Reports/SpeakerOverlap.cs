using EmotionRecognition.Data;

namespace EmotionRecognition.Evaluation;

/// <summary>
/// The speakers of an evaluation that the model was trained on. Scores on them measure how well the model fits voices it has
/// heard, not how it does on new ones, so a report on them must say so.
/// </summary>
/// <param name="Speakers">The evaluated speakers the model was (or may have been) trained on, sorted.</param>
/// <param name="Certain">
/// True when the model says so for sure: it lists its training speakers, or it heard every speaker of its corpora (a
/// cross-validation ensemble, or a final model on everyone). False when it only names its corpora and these speakers belong to one.
/// </param>
public sealed record SpeakerOverlap(IReadOnlyList<string> Speakers, bool Certain)
{
    /// <summary>The provenance entry listing the training speakers, comma-separated (e.g. <c>ravdess:01,ravdess:02</c>).</summary>
    public const string ProvenanceKey = "speakers";

    /// <summary>True when at least one evaluated speaker was (or may have been) in the training data.</summary>
    public bool Any => Speakers.Count > 0;

    /// <summary>The provenance value for clips a model was trained on: their distinct speakers, sorted, comma-separated.</summary>
    /// <param name="trainingClips">The clips the shipped model (or every member of an ensemble together) learnt from.</param>
    public static string Record(IEnumerable<LabeledClip> trainingClips) =>
        string.Join(",", trainingClips.Select(c => c.Speaker).OfType<string>().Distinct().Order(StringComparer.Ordinal));

    /// <summary>The training speakers a model records, or null for a model that does not list them.</summary>
    /// <param name="model">The model.</param>
    public static IReadOnlyList<string>? TrainingSpeakers(EmotionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Provenance.TryGetValue(ProvenanceKey, out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    /// <summary>Which speakers of <paramref name="clips"/> <paramref name="model"/> was trained on.</summary>
    /// <param name="model">The model.</param>
    /// <param name="clips">The clips to evaluate it on.</param>
    public static SpeakerOverlap Find(EmotionModel model, IEnumerable<LabeledClip> clips)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clips);
        var evaluated = clips.Where(c => c.Speaker is not null).ToArray();
        if (TrainingSpeakers(model) is { } trained)
            return new(Distinct(evaluated.Where(c => trained.Contains(c.Speaker!))), Certain: true);
        // Models that do not list their speakers still name their corpus folders; a speaker of a corpus of that name may have been heard.
        var corpora = TrainingCorpora(model);
        var heardEveryone = model.Provenance.TryGetValue("trainedOn", out var trainedOn)
            && (trainedOn.StartsWith("ensemble", StringComparison.Ordinal) || trainedOn.StartsWith("every speaker", StringComparison.Ordinal));
        return new(Distinct(evaluated.Where(c => corpora.Contains(c.Corpus))), heardEveryone);
    }

    /// <summary>The corpus names (folder names, lower case) a model's provenance records.</summary>
    private static HashSet<string> TrainingCorpora(EmotionModel model) =>
        model.Provenance.TryGetValue("corpus", out var paths)
            ? paths.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => Path.GetFileName(p.TrimEnd('/', '\\')).ToLowerInvariant()).ToHashSet()
            : [];

    private static string[] Distinct(IEnumerable<LabeledClip> clips) => clips.Select(c => c.Speaker!).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>A one-paragraph warning for reports; empty when no evaluated speaker was in the training data.</summary>
    public string Warning => !Any ? "" :
        $"WARNING: the model {(Certain ? "was" : "may have been")} trained on {Speakers.Count} of the speakers evaluated here " +
        $"({string.Join(", ", Speakers)}){(Certain ? "" : ": its model does not list its training speakers, only a corpus of the same name")}. " +
        $"These scores measure how well it fits voices it has heard, not how it does on new ones; evaluate on speakers it never heard " +
        $"(the model card's cross-validation does that).";
}
