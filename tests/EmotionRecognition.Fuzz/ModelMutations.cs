using System.Text.Json.Nodes;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// Model-model-aware mutations. The archive is opened, one part is edited — a JSON value of the manifest, feature spec,
/// labels, provenance or scaler statistics set to an edge value; bytes of the ONNX graph; an entry inside the ML.NET scaler
/// archive of a format-1 model; an entry
/// dropped, added or repeated — and the manifest is usually re-sealed with the new sizes and SHA-256 sums, so the edit gets
/// past the integrity check to the parsers behind it. Raw byte mutations of the zip (lying local and central sizes) too.
/// </summary>
internal static class ModelMutations
{
    private const string Manifest = "manifest.json";

    private static readonly string[] JsonEntries = [Manifest, "feature-spec.json", "labels.json", "provenance.json", "scaler.json"];

    private static readonly Func<JsonNode?>[] InterestingValues =
    [
        () => 0, () => -1, () => 1, () => 2, () => 3, () => 7, () => 8, () => 1000, () => int.MaxValue, () => long.MaxValue, () => -2147483648,
        () => 1e308, () => -1e-300, () => 0.5, () => "", () => "NaN", () => "Infinity", () => "features", () => "probabilities",
        () => null, () => true, () => new JsonArray(), () => new JsonObject(), () => new JsonArray("a", "a"),
        () => new JsonArray("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise", "extra"),
        () => new JsonArray("angry", "disgust", "fear", "happy", "neutral", "sad"),
    ];

    public static byte[] Mutate(byte[] seed, Random rng, IReadOnlyList<byte[]> donors)
    {
        if (rng.Next(6) == 0) return ByteMutations.Apply(seed, rng, donors, protectedPrefix: 0);
        var entries = ModelFiles.Read(seed);
        var reseal = rng.Next(6) != 0;
        switch (rng.Next(8))
        {
            case 0: case 1: case 2: EditJson(entries, rng); break;
            case 3: EditBytes(entries, "model.onnx", rng, donors); break;
            case 4: EditScaler(entries, rng, donors); break;
            case 5: entries.RemoveAt(rng.Next(entries.Count)); break;
            case 6: entries.Add(entries[rng.Next(entries.Count)]); break;
            default: entries.Insert(rng.Next(entries.Count + 1), ("extra.bin", RandomBytes(rng))); break;
        }
        if (reseal) ModelFiles.Reseal(entries);
        return ModelFiles.Write(entries);
    }

    private static void EditJson(List<(string Name, byte[] Bytes)> entries, Random rng)
    {
        var name = JsonEntries[rng.Next(JsonEntries.Length)];
        var i = entries.FindIndex(e => e.Name == name);
        if (i < 0) return;
        var root = ModelFiles.TryParseJson(entries[i].Bytes);
        if (root is null) return;
        var slots = Slots(root).ToList();
        var value = InterestingValues[rng.Next(InterestingValues.Length)]();
        if (slots.Count == 0 || rng.Next(8) == 0) root = value ?? JsonValue.Create(0);
        else slots[rng.Next(slots.Count)](value);
        entries[i] = (name, System.Text.Encoding.UTF8.GetBytes(root?.ToJsonString() ?? "null"));
    }

    /// <summary>Setters for every value in a JSON tree (object properties and array items), so any of them can be replaced.</summary>
    private static IEnumerable<Action<JsonNode?>> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    yield return v => obj[key] = v;
                    if (child is not null) foreach (var inner in Slots(child)) yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    yield return v => array[index] = v;
                    if (array[i] is { } child) foreach (var inner in Slots(child)) yield return inner;
                }
                break;
        }
    }

    private static void EditBytes(List<(string Name, byte[] Bytes)> entries, string name, Random rng, IReadOnlyList<byte[]> donors)
    {
        var i = entries.FindIndex(e => e.Name == name);
        if (i >= 0) entries[i] = (name, ByteMutations.Apply(entries[i].Bytes, rng, donors, protectedPrefix: 0));
    }

    private static void EditScaler(List<(string Name, byte[] Bytes)> entries, Random rng, IReadOnlyList<byte[]> donors)
    {
        var i = entries.FindIndex(e => e.Name == "scaler.mlnet.zip");
        if (i < 0) return;
        List<(string Name, byte[] Bytes)> inner;
        try
        {
            inner = ModelFiles.Read(entries[i].Bytes);
        }
        catch (InvalidDataException)
        {
            return;
        }
        if (inner.Count == 0) return;
        // ML.NET's own model archive: its binary model streams are the parsers worth reaching.
        var j = rng.Next(inner.Count);
        inner[j] = (inner[j].Name, ByteMutations.Apply(inner[j].Bytes, rng, donors, protectedPrefix: 0));
        entries[i] = (entries[i].Name, ModelFiles.Write(inner));
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(64)];
        rng.NextBytes(bytes);
        return bytes;
    }
}
