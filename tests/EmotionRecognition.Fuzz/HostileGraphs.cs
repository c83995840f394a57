using static EmotionRecognition.Fuzz.OnnxWire;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// ONNX graphs built to hurt the process that loads them, each with a model's input and output names and shapes so that
/// only the operator screen stands between them and ONNX Runtime: control flow that never ends, operators that allocate
/// gigabytes from a few bytes, tensors that read files beside the process. Made in memory; no such file is committed.
/// </summary>
public static class HostileGraphs
{
    /// <summary>The bomb kinds <see cref="Bomb"/> builds.</summary>
    public static IReadOnlyList<string> BombKinds { get; } = ["Loop", "If", "ConstantOfShape", "Expand", "Tile", "Range"];

    /// <summary>The places <see cref="WithExternalTensor"/> can hide an external tensor.</summary>
    public static IReadOnlyList<string> ExternalPlaces { get; } = ["initializer", "Constant attribute", "sparse initializer", "subgraph initializer"];

    /// <summary>2^62 loop iterations; 2^29 floats (2 GiB) for the allocating kinds.</summary>
    private const long Forever = 1L << 62, Huge = 1L << 29;

    /// <summary>
    /// A whole model whose output depends on a <paramref name="kind"/> bomb: a Loop of 2^62 iterations, an If whose branch makes
    /// 2 GiB, or ConstantOfShape/Expand/Tile/Range making 2 GiB (2^29 values).
    /// </summary>
    public static byte[] Bomb(EmotionModel model, string kind)
    {
        var input = model.InputName;
        var (nodes, initializers, bulk) = kind switch
        {
            "Loop" => (new[] { Node("Loop", ["trip", "cond", input], ["looped"], GraphAttribute("body", LoopBody())) },
                new[] { Tensor("trip", Int64Type, [], Forever), Tensor("cond", BoolType, [], 1) }, "looped"),
            "If" => ([Node("If", ["cond"], ["big"], GraphAttribute("then_branch", Branch()), GraphAttribute("else_branch", Branch()))],
                [Tensor("cond", BoolType, [], 1), Tensor("shape", Int64Type, [1], Huge)], "big"),
            "ConstantOfShape" => ([Node("ConstantOfShape", ["shape"], ["big"])], [Tensor("shape", Int64Type, [1], Huge)], "big"),
            "Expand" => ([Node("Expand", [input, "shape"], ["big"])], [Tensor("shape", Int64Type, [2], Huge, 1)], "big"),
            "Tile" => ([Node("Tile", [input, "repeats"], ["big"])], [Tensor("repeats", Int64Type, [Rank(model)], [.. Enumerable.Repeat(1L, Rank(model) - 1), Huge])], "big"),
            "Range" => ([Node("Range", ["start", "limit", "delta"], ["big"])],
                [Tensor("start", Int64Type, [], 0), Tensor("limit", Int64Type, [], Huge), Tensor("delta", Int64Type, [], 1)], "big"),
            _ => throw new ArgumentException($"unknown bomb '{kind}' (known: {string.Join(", ", BombKinds)})", nameof(kind)),
        };
        byte[][] head =
        [
            Node("Flatten", [bulk], ["flat"], IntAttribute("axis", 1)),
            Node("ReduceMean", ["flat"], ["mean"], IntsAttribute("axes", 1), IntAttribute("keepdims", 1)),
            Node("Concat", [.. Enumerable.Repeat("mean", EmotionLabels.Count)], ["logits"], IntAttribute("axis", 1)),
            Node("Softmax", ["logits"], [model.OutputName], IntAttribute("axis", 1)),
        ];
        return Model(Graph("bomb", [.. nodes, .. head], initializers, [InputValue(model)], [Value(model.OutputName, FloatType, "batch", EmotionLabels.Count)]));
    }

    /// <summary>
    /// A fixed-length model, of allowed operators only, that answers even odds while input value <paramref name="index"/> stays at or
    /// below <paramref name="threshold"/> and NaN above it (<c>Sqrt(threshold - x)</c>): chosen between the load-time test signals
    /// and real speech, it passes the load check and breaks on speech, as broken weights can.
    /// </summary>
    public static byte[] NanAbove(EmotionModel model, int index, float threshold) => Model(Graph("nan-above",
        [
            Node("Gather", [model.InputName, "index"], ["picked"], IntAttribute("axis", 1)),
            Node("Sub", ["threshold", "picked"], ["room"]),
            Node("Sqrt", ["room"], ["root"]),
            Node("Concat", [.. Enumerable.Repeat("root", EmotionLabels.Count)], ["logits"], IntAttribute("axis", 1)),
            Node("Softmax", ["logits"], [model.OutputName], IntAttribute("axis", 1)),
        ],
        [Tensor("index", Int64Type, [1], index), FloatTensor("threshold", [], threshold)],
        [InputValue(model)], [Value(model.OutputName, FloatType, "batch", EmotionLabels.Count)]));

    /// <summary>The model's ONNX graph with a tensor added at <paramref name="place"/> whose data is in <c>./secret.bin</c>.</summary>
    public static byte[] WithExternalTensor(byte[] onnx, string place, bool withLocationFlag = true, bool withEntries = true)
    {
        // A float tensor named "leak": data_type FLOAT, dims [4], external_data {location: secret.bin}, data_location EXTERNAL.
        byte[] tensor =
        [
            .. VarintField(1, 4), .. VarintField(2, FloatType), .. Text(8, "leak"),
            .. withEntries ? Field(13, [.. Text(1, "location"), .. Text(2, "secret.bin")]) : [],
            .. withLocationFlag ? VarintField(14, 1) : [],
        ];
        byte[] addition = place switch
        {
            "initializer" => Field(5, tensor),
            "Constant attribute" => Field(1, [.. Text(2, "c"), .. Text(4, "Constant"), .. Field(5, [.. Text(1, "value"), .. Field(5, tensor), .. VarintField(20, 4)])]),
            "sparse initializer" => Field(15, Field(1, tensor)),
            "subgraph initializer" => Field(1, Field(5, [.. Text(1, "then_branch"), .. Field(6, Field(5, tensor))])),
            _ => throw new ArgumentException($"unknown place '{place}'", nameof(place)),
        };
        return [.. onnx, .. Field(7, addition)];
    }

    private static int Rank(EmotionModel model) => model.FeatureSpec.IsVariableLength ? 3 : 2;

    private static byte[] InputValue(EmotionModel model) => model.FeatureSpec.IsVariableLength
        ? Value(model.InputName, FloatType, "batch", "frames", model.FeatureSpec.FrameWidth)
        : Value(model.InputName, FloatType, "batch", model.FeatureSpec.VectorLength);

    // Carries its value through unchanged, forever: (iteration, condition, value) -> (condition, value).
    private static byte[] LoopBody() => Graph("body",
        [Node("Identity", ["cond_in"], ["cond_out"]), Node("Identity", ["value_in"], ["value_out"])], [],
        [Value("iteration", Int64Type, []), Value("cond_in", BoolType, []), Value("value_in", FloatType, null)],
        [Value("cond_out", BoolType, []), Value("value_out", FloatType, null)]);

    // 2 GiB of zeros from the outer graph's shape; both branches alike.
    private static byte[] Branch() => Graph("branch", [Node("ConstantOfShape", ["shape"], ["made"])], [], [], [Value("made", FloatType, null)]);
}
