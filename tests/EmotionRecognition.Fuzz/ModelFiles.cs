using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace EmotionRecognition.Fuzz;

/// <summary>models as lists of entries: read, edited, re-sealed (manifest sizes and SHA-256 updated) and written back.</summary>
public static class ModelFiles
{
    private const string ManifestEntry = "manifest.json";

    /// <summary>The model with entry <paramref name="name"/> replaced (or added) and the manifest re-sealed to match.</summary>
    public static byte[] WithEntry(byte[] model, string name, byte[] bytes)
    {
        var entries = Read(model);
        var i = entries.FindIndex(e => e.Name == name);
        if (i >= 0) entries[i] = (name, bytes);
        else entries.Add((name, bytes));
        Reseal(entries);
        return Write(entries);
    }

    public static List<(string Name, byte[] Bytes)> Read(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        return zip.Entries.Select(e => (e.FullName, ReadAll(e))).ToList();
    }

    public static byte[] Write(List<(string Name, byte[] Bytes)> entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        return output.ToArray();
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static void Reseal(List<(string Name, byte[] Bytes)> entries)
    {
        var i = entries.FindIndex(e => e.Name == ManifestEntry);
        if (i < 0) return;
        var manifest = TryParseJson(entries[i].Bytes);
        if (manifest is not JsonObject root || root["entries"] is not JsonObject listed) return;
        foreach (var (name, bytes) in entries)
            if (name != ManifestEntry && listed.ContainsKey(name))
                listed[name] = new JsonObject { ["bytes"] = bytes.LongLength, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        entries[i] = (ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    /// <summary>The JSON tree of an entry, or null when it is not JSON (a mutant may have broken it).</summary>
    public static JsonNode? TryParseJson(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
