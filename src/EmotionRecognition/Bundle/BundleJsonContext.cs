using System.Text.Json.Serialization;

namespace EmotionRecognition.Bundle;

/// <summary>
/// The JSON contracts of a model bundle (manifest, labels, provenance, scaler statistics), generated at compile time: loading a
/// bundle uses no reflection, so it works in trimmed and Native AOT apps.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BundleManifest))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ScalerStatistics))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
