using System.Text.Json.Serialization;

namespace EmotionRecognition.Features;

/// <summary>
/// The <see cref="FeatureSpec"/> JSON contract, generated at compile time so that reading a spec needs no reflection (trimmed and
/// Native AOT apps): camel-case names, enum names as strings, unknown properties refused.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(FeatureSpec))]
internal sealed partial class FeatureSpecJsonContext : JsonSerializerContext;
