using System.Text.Json.Serialization;

namespace EmotionRecognition.ModelFile;

/// <summary>
/// The JSON contracts of a model (manifest, labels, provenance, scaler statistics), generated at compile time: loading a
/// model uses no reflection, so it works in trimmed and Native AOT apps.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ScalerStatistics))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
