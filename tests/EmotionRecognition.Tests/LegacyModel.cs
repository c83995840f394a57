using System.Text.Json.Nodes;
using EmotionRecognition.Fuzz;
using EmotionRecognition.Pipeline;
using Microsoft.ML;

namespace EmotionRecognition.Tests;

/// <summary>Format-1 models, byte for byte as the library wrote them before format 2: the scaler as an ML.NET model archive.</summary>
internal static class LegacyModel
{
    /// <summary>The model in format 1, its scaler entry being <paramref name="scaler"/> saved by ML.NET.</summary>
    internal static byte[] From(EmotionModel model, ITransformer scaler, MLContext ml)
    {
        using var saved = new MemoryStream();
        model.Save(saved);
        var entries = ModelFiles.Read(saved.ToArray()).Where(e => e.Name != EmotionModel.ScalerStatisticsEntry).ToList();
        using var archive = new MemoryStream();
        ml.Model.Save(scaler, MlNetScaler.FeatureSchema(EmotionModel.ScalerLength(model.FeatureSpec)), archive);
        entries.Add((EmotionModel.LegacyScalerEntry, archive.ToArray()));

        var at = entries.FindIndex(e => e.Name == EmotionModel.ManifestEntry);
        var manifest = JsonNode.Parse(entries[at].Bytes)!.AsObject();
        manifest["formatVersion"] = EmotionModel.LegacyFormatVersion;
        var listed = manifest["entries"]!.AsObject();
        listed.Remove(EmotionModel.ScalerStatisticsEntry);
        listed[EmotionModel.LegacyScalerEntry] = new JsonObject();
        entries[at] = (EmotionModel.ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        ModelFiles.Reseal(entries);
        return ModelFiles.Write(entries);
    }
}
