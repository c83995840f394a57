namespace EmotionRecognition.Inference;

/// <summary>
/// The ONNX operators a model's graph may use: exactly those our exporters emit (the layer lowering, the ensemble's Mean and
/// the int8 quantiser's QuantizeLinear/DequantizeLinear), all from the default ONNX domain. Each runs in time and memory bounded
/// by its inputs and initializers; the Training tests export every model kind and check its graph against this list, so an
/// exporter that learns a new operator must add it here.
/// </summary>
internal static class OnnxOperators
{
    /// <summary>The allowed operator names, sorted.</summary>
    internal static readonly IReadOnlyList<string> Allowed =
    [
        "Add", "BatchNormalization", "Concat", "Conv", "DequantizeLinear", "Div", "Flatten", "Gather", "Gemm", "GlobalAveragePool",
        "Identity", "MatMul", "MaxPool", "Mean", "Mul", "Pad", "QuantizeLinear", "ReduceMax", "ReduceMean", "Relu", "Reshape",
        "Softmax", "Sqrt", "Sub", "Transpose",
    ];

    private static readonly HashSet<string> AllowedSet = new(Allowed, StringComparer.Ordinal);

    /// <summary>Whether a node of this domain and operator may run; the default domain is spelt "" or "ai.onnx".</summary>
    internal static bool IsAllowed(string domain, string opType) => domain is "" or "ai.onnx" && AllowedSet.Contains(opType);

    /// <summary>An operator as a message names it: its domain too, unless it is the default one.</summary>
    internal static string Describe(string domain, string opType) => domain is "" or "ai.onnx" ? opType : $"{domain}.{opType}";
}
