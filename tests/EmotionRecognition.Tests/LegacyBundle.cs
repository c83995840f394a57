using System.Text.Json.Nodes;
using EmotionRecognition.Fuzz;
using EmotionRecognition.Pipeline;
using Microsoft.ML;

namespace EmotionRecognition.Tests;

/// <summary>Format-1 bundles, byte for byte as the library wrote them before format 2: the scaler as an ML.NET model archive.</summary>
internal static class LegacyBundle
{
    /// <summary>The bundle in format 1, its scaler entry being <paramref name="scaler"/> saved by ML.NET.</summary>
    internal static byte[] From(ModelBundle bundle, ITransformer scaler, MLContext ml)
    {
        using var saved = new MemoryStream();
        bundle.Save(saved);
        var entries = BundleFiles.Read(saved.ToArray()).Where(e => e.Name != ModelBundle.ScalerStatisticsEntry).ToList();
        using var archive = new MemoryStream();
        ml.Model.Save(scaler, MlNetScaler.FeatureSchema(ModelBundle.ScalerLength(bundle.FeatureSpec)), archive);
        entries.Add((ModelBundle.LegacyScalerEntry, archive.ToArray()));

        var at = entries.FindIndex(e => e.Name == ModelBundle.ManifestEntry);
        var manifest = JsonNode.Parse(entries[at].Bytes)!.AsObject();
        manifest["formatVersion"] = ModelBundle.LegacyFormatVersion;
        var listed = manifest["entries"]!.AsObject();
        listed.Remove(ModelBundle.ScalerStatisticsEntry);
        listed[ModelBundle.LegacyScalerEntry] = new JsonObject();
        entries[at] = (ModelBundle.ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        BundleFiles.Reseal(entries);
        return BundleFiles.Write(entries);
    }
}
