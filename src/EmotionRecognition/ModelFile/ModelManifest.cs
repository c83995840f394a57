using System.Security.Cryptography;
using System.Text.Json;

namespace EmotionRecognition.ModelFile;

/// <summary>A model's <c>manifest.json</c>: format name and version, ONNX input/output names, and each entry's size and SHA-256.</summary>
internal sealed record ModelManifest(string Format, int FormatVersion, string InputName, string OutputName, Dictionary<string, ModelEntryInfo> Entries)
{
    /// <summary>The manifest of <paramref name="entries"/> in the current format, as JSON.</summary>
    internal static byte[] Describe(Dictionary<string, byte[]> entries, string inputName, string outputName) =>
        JsonSerializer.SerializeToUtf8Bytes(new ModelManifest(EmotionModel.FormatName, EmotionModel.FormatVersion, inputName, outputName,
            entries.OrderBy(e => e.Key, StringComparer.Ordinal)
                .ToDictionary(e => e.Key, e => new ModelEntryInfo(e.Value.LongLength, Convert.ToHexStringLower(SHA256.HashData(e.Value))))),
            ModelJsonContext.Default.ModelManifest);

    internal static ModelManifest Parse(byte[]? bytes, string source)
    {
        if (bytes is null)
            throw new EmotionModelLoadException(source, "is not a model (no manifest.json).");
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes, ModelJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new EmotionModelLoadException(source, "the manifest is not valid JSON.", e);
        }
        if (manifest is null || manifest.Format != EmotionModel.FormatName)
            throw new EmotionModelLoadException(source, "is not a model (unknown manifest format).");
        if (manifest.FormatVersion is not (EmotionModel.LegacyFormatVersion or EmotionModel.FormatVersion))
            throw new EmotionModelLoadException(source,
                $"was written in model format {manifest.FormatVersion}; this library reads formats {EmotionModel.LegacyFormatVersion} and {EmotionModel.FormatVersion}. Use a matching EmotionRecognition version.");
        if (string.IsNullOrEmpty(manifest.InputName) || string.IsNullOrEmpty(manifest.OutputName) || manifest.Entries is null)
            throw new EmotionModelLoadException(source, "the manifest lacks the ONNX input/output names or the entry list.");
        if (manifest.Entries.FirstOrDefault(e => e.Value?.Sha256 is null) is { Key: { } incomplete })
            throw new EmotionModelLoadException(source, $"the manifest gives no size and SHA-256 for entry {incomplete}.");
        return manifest;
    }

    /// <summary>Whether the scaler is an ML.NET model archive (format 1) rather than plain statistics.</summary>
    internal bool HasLegacyScaler => FormatVersion == EmotionModel.LegacyFormatVersion;

    /// <summary>The entry that holds the scaler in this manifest's format.</summary>
    internal string ScalerEntry => HasLegacyScaler ? EmotionModel.LegacyScalerEntry : EmotionModel.ScalerStatisticsEntry;

    /// <summary>Checks that every required entry is listed and that every listed entry is present with its size and SHA-256.</summary>
    internal void Verify(Dictionary<string, byte[]> entries, string source)
    {
        foreach (var required in (string[])[.. EmotionModel.CommonEntries, ScalerEntry])
            if (!Entries.ContainsKey(required))
                throw new EmotionModelLoadException(source, $"the manifest does not list the required entry {required}.");
        foreach (var (name, info) in Entries)
        {
            if (!entries.TryGetValue(name, out var bytes))
                throw new EmotionModelLoadException(source, $"entry {name} is missing.");
            if (bytes.LongLength != info.Bytes || Convert.ToHexStringLower(SHA256.HashData(bytes)) != info.Sha256)
                throw new EmotionModelLoadException(source, $"entry {name} is damaged (its SHA-256 does not match the manifest).");
        }
    }
}

/// <summary>One manifest line: an entry's size in bytes and its SHA-256 in lower-case hex.</summary>
internal sealed record ModelEntryInfo(long Bytes, string Sha256);
