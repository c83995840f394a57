using System.Text;
using System.Text.Json.Nodes;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// Model mutations aimed at the process rather than the parsers, each family a fuzz target of its own: graphs that read files
/// beside the process, never end or allocate gigabytes (<see cref="Graph"/>), and archives of many large entries (<see cref="Zip"/>).
/// Every mutant is re-sealed, so it reaches the checks behind the manifest's hashes.
/// </summary>
internal static class HostileModelMutations
{
    private const string OnnxEntry = "model.onnx";
    private const string ManifestEntry = "manifest.json";

    // ONNX operator names, allowed or not, grouped by length so that one can replace another in place without re-encoding lengths.
    private static readonly ILookup<int, string> OperatorsByLength = new[]
    {
        "Abs", "Add", "Cos", "Div", "Exp", "Log", "Max", "Min", "Mul", "Neg", "Pad", "Pow", "Sin", "Sub", "Sum", "Tan",
        "Cast", "Ceil", "Conv", "Gemm", "Less", "Loop", "Mean", "Relu", "Scan", "Sign", "Size", "Sqrt", "Tile", "Tanh",
        "Range", "Shape", "Slice", "Split", "Where", "Floor", "Round", "Equal", "Gather",
        "Concat", "Expand", "Resize", "Unique", "Reshape", "MaxPool", "Softmax", "Squeeze", "Flatten", "NonZero", "TopK",
        "MatMul", "Einsum", "Identity", "Transpose", "ReduceMax", "ReduceSum", "ReduceMean", "ConstantOfShape", "RandomNormal",
        "BatchNormalization", "QuantizeLinear", "DequantizeLinear", "GlobalAveragePool", "SequenceConstruct", "ConvTranspose",
    }.ToLookup(n => n.Length);

    private static readonly Lazy<EmotionModel> Seed = new(() => EmotionModel.Load(new MemoryStream(Seeds.Model()[0].Bytes), "seed"));

    /// <summary>
    /// Graph hazards: a tensor with external data hidden somewhere, a whole-graph bomb (Loop, If, ConstantOfShape, Expand, Tile,
    /// Range), or node operators swapped in place for others of the same name length (allowed or not); often several stacked.
    /// </summary>
    public static byte[] Graph(byte[] parent, Random rng, IReadOnlyList<byte[]> donors)
    {
        var entries = ModelFiles.Read(parent);
        var i = entries.FindIndex(e => e.Name == OnnxEntry);
        if (i < 0) return ModelMutations.Mutate(parent, rng, donors);
        var onnx = entries[i].Bytes;
        onnx = rng.Next(3) switch
        {
            0 => HostileGraphs.WithExternalTensor(onnx, HostileGraphs.ExternalPlaces[rng.Next(HostileGraphs.ExternalPlaces.Count)],
                withLocationFlag: rng.Next(3) != 0, withEntries: rng.Next(3) != 0),
            1 => HostileGraphs.Bomb(Seed.Value, HostileGraphs.BombKinds[rng.Next(HostileGraphs.BombKinds.Count)]),
            _ => SwapOperators(onnx, rng, 1 + rng.Next(3)),
        };
        entries[i] = (OnnxEntry, onnx);
        ModelFiles.Reseal(entries);
        return ModelFiles.Write(entries);
    }

    /// <summary>
    /// Many large entries: up to 300 entries of zeros (deflated to almost nothing) totalling up to 1.2 GB, listed in the manifest
    /// with their true sizes, with sizes that lie, or not listed at all.
    /// </summary>
    public static byte[] Zip(byte[] parent, Random rng, IReadOnlyList<byte[]> donors)
    {
        var entries = ModelFiles.Read(parent);
        var count = 1 + rng.Next(300);
        var total = (long)(rng.NextDouble() * 1.2e9);
        var size = (int)Math.Min(total / count, 256L << 20) + 1;
        var zeros = new byte[size];
        var listing = rng.Next(3); // 0: unlisted, 1: listed truly, 2: listed with a size that lies
        var names = Enumerable.Range(0, count).Select(k => rng.Next(4) == 0 ? OnnxEntry : $"pad/{k}.bin").ToList();
        entries.AddRange(names.Select(n => (n, zeros)));
        if (listing > 0) List(entries, names);
        ModelFiles.Reseal(entries);
        if (listing == 2) Lie(entries, names, rng);
        return ModelFiles.Write(entries);
    }

    // Adds the new names to the manifest, so that re-sealing gives them sizes and hashes.
    private static void List(List<(string Name, byte[] Bytes)> entries, IEnumerable<string> names)
    {
        var m = entries.FindIndex(e => e.Name == ManifestEntry);
        if (m < 0 || ModelFiles.TryParseJson(entries[m].Bytes) is not JsonObject root || root["entries"] is not JsonObject listed) return;
        foreach (var name in names) listed[name] = new JsonObject();
        entries[m] = (ManifestEntry, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static void Lie(List<(string Name, byte[] Bytes)> entries, List<string> names, Random rng)
    {
        var m = entries.FindIndex(e => e.Name == ManifestEntry);
        if (m < 0 || ModelFiles.TryParseJson(entries[m].Bytes) is not JsonObject root || root["entries"] is not JsonObject listed) return;
        foreach (var name in names.Distinct())
            if (listed[name] is JsonObject entry) entry["bytes"] = rng.Next(2) == 0 ? 1 : long.MaxValue;
        entries[m] = (ManifestEntry, Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    // NodeProto.op_type is field 4, length-delimited: the bytes 0x22, a one-byte length, then the name.
    private static byte[] SwapOperators(byte[] onnx, Random rng, int swaps)
    {
        var copy = (byte[])onnx.Clone();
        var sites = new List<(int At, int Length)>();
        for (var p = 0; p + 2 < copy.Length; p++)
        {
            int length = copy[p + 1];
            if (copy[p] == 0x22 && length is > 1 and < 64 && p + 2 + length <= copy.Length && OperatorsByLength[length].Any()
                && OperatorsByLength[length].Contains(Encoding.ASCII.GetString(copy, p + 2, length)))
                sites.Add((p + 2, length));
        }
        for (var s = 0; s < swaps && sites.Count > 0; s++)
        {
            var (at, length) = sites[rng.Next(sites.Count)];
            var choices = OperatorsByLength[length].ToArray();
            Encoding.ASCII.GetBytes(choices[rng.Next(choices.Length)]).CopyTo(copy, at);
        }
        return copy;
    }
}
