using System.Globalization;
using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Joins models of one feature spec into a single ensemble model (one ONNX graph whose output is the mean of every member's
/// probabilities), and takes members out of one: e.g. two fold ensembles of the same folds, trained with other seeds, become one
/// model of ten members.
/// </summary>
/// <remarks>
/// Every member of every model weighs the same. The models must read identical features: the same spec, labels, input and
/// output names and the same scaler statistics (which runs over the same training clips share), because one scaler feeds every member.
/// </remarks>
public static class EnsembleCombiner
{
    /// <summary>Provenance key listing each combined model's seed, in member order.</summary>
    private const string SeedKey = "seed";

    /// <summary>How many members <paramref name="model"/>'s graph averages (1 for a single model).</summary>
    /// <param name="model">A model whose graph was written by <see cref="OnnxExporter"/> or by this class.</param>
    public static int CountMembers(EmotionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return EnsembleGraph.Members(Parse(model).Graph).Count;
    }

    /// <summary>One model whose graph averages every member of <paramref name="models"/>, in order.</summary>
    /// <param name="models">At least two models of one spec, label order, input, output and scaler.</param>
    /// <returns>
    /// The ensemble, with the first model's provenance where the models agree and both values joined where they differ
    /// (seeds "42,7"; training speakers and corpora united), and no metrics: score it (e.g. <c>UtteranceSession.Score</c>) to know them.
    /// </returns>
    /// <exception cref="ArgumentException">Fewer than two models, or models that do not read the same features.</exception>
    public static EmotionModel Combine(IReadOnlyList<EmotionModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count < 2) throw new ArgumentException("Combining needs at least two models.", nameof(models));
        for (var i = 1; i < models.Count; i++)
            CheckCompatible(models[0], models[i], i + 1);
        var combined = EnsembleGraph.Combine(models.Select(Parse).ToArray());
        var members = EnsembleGraph.Members(combined.Graph).Count;
        return models[0].With(combined.ToByteArray(), Provenance(models, members), metricsJson: null);
    }

    /// <summary>The model with only some members of its ensemble (0-based, in graph order), e.g. the fold models of one fold.</summary>
    /// <param name="model">An ensemble model.</param>
    /// <param name="members">Distinct member indices, at least one.</param>
    /// <exception cref="ArgumentException">An index out of range or repeated, or none.</exception>
    public static EmotionModel KeepMembers(EmotionModel model, IReadOnlyList<int> members)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(members);
        var graph = Parse(model);
        var count = EnsembleGraph.Members(graph.Graph).Count;
        var kept = EnsembleGraph.Keep(graph, members);
        var provenance = new Dictionary<string, string>(model.Provenance)
        {
            ["members"] = string.Join(",", members.Select(m => (m + 1).ToString(CultureInfo.InvariantCulture))) + " of " +
                count.ToString(CultureInfo.InvariantCulture),
        };
        return model.With(kept.ToByteArray(), provenance, model.MetricsJson);
    }

    private static ModelProto Parse(EmotionModel model) => ModelProto.Parser.ParseFrom(model.OnnxModel);

    private static void CheckCompatible(EmotionModel first, EmotionModel other, int number)
    {
        string? problem =
            other.FeatureSpec != first.FeatureSpec ? "reads other features (its feature spec differs)" :
            !other.Labels.SequenceEqual(first.Labels) ? $"has other labels ({string.Join(", ", other.Labels)})" :
            other.InputName != first.InputName || other.OutputName != first.OutputName ? "names its input or output differently" :
            !other.ScalerMean.AsSpan().SequenceEqual(first.ScalerMean) || !other.ScalerScale.AsSpan().SequenceEqual(first.ScalerScale)
                ? "scales its features with other statistics (it was trained on other clips), and one scaler feeds every member" : null;
        if (problem is not null)
            throw new ArgumentException($"Model {number} cannot join model 1: it {problem}.");
    }

    private static Dictionary<string, string> Provenance(IReadOnlyList<EmotionModel> models, int members)
    {
        var provenance = new Dictionary<string, string>(models[0].Provenance);
        provenance.Remove("metrics");
        foreach (var key in models.SelectMany(m => m.Provenance.Keys).Distinct().Where(k => k != "metrics"))
        {
            var values = models.Select(m => m.Provenance.GetValueOrDefault(key, "")).ToArray();
            if (values.Distinct().Count() > 1)
                provenance[key] = Join(key, values);
        }
        provenance["recipe"] = Recipe(models);
        provenance["trainedOn"] = $"ensemble of {members} members combined from {models.Count} models: " +
            string.Join("; ", models.Select(m => m.Provenance.GetValueOrDefault("trainedOn", "?")).Distinct());
        return provenance;
    }

    // Lists (speakers, corpora) are united; anything else keeps every model's value, in order.
    private static string Join(string key, string[] values) => key switch
    {
        Evaluation.SpeakerOverlap.ProvenanceKey => string.Join(",", values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().Order(StringComparer.Ordinal)),
        "corpus" => string.Join(";", values.SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries)).Distinct()),
        _ => string.Join(",", values),
    };

    // Runs of one recipe differ only in their seed, which the recipe text ends with: said once, with every seed.
    private static string Recipe(IReadOnlyList<EmotionModel> models)
    {
        var recipes = models.Select(m => m.Provenance.GetValueOrDefault("recipe", "")).ToArray();
        var seeds = models.Select(m => m.Provenance.GetValueOrDefault(SeedKey, "")).ToArray();
        var bare = recipes.Select((r, i) => r.EndsWith($", seed {seeds[i]}", StringComparison.Ordinal) ? r[..^$", seed {seeds[i]}".Length] : r).ToArray();
        return bare.Distinct().Count() == 1 ? $"{bare[0]}, seeds {string.Join(", ", seeds)}" : string.Join(" + ", recipes);
    }
}
