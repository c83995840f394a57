using EmotionRecognition.Onnx.Proto;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Rewrites a 1-D convolution stack ([batch, channels, length]) as the equal 2-D one ([batch, channels, 1, length]).
/// ONNX Runtime's layout optimisers handle only 2-D convolution and pooling: lifted, its uint8 pooling runs channels-last
/// next to the quantised convolutions instead of a slow planar kernel with layout changes around it.
/// </summary>
internal static class Conv1dLifting
{
    // Operators that give the same result on the lifted value (per-channel, element-wise or flattening from axis 1).
    private static readonly HashSet<string> RankFree = ["Relu", "BatchNormalization", "GlobalAveragePool", "Gemm", "Softmax"];

    /// <summary>Lifts the graph in place when it is a plain chain this rewrite understands; returns whether it did.</summary>
    public static bool TryLift(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var reshapes = graph.Node.Where(n => n.OpType == "Reshape").ToList();
        if (reshapes is not [var unflatten] || !initializers.TryGetValue(unflatten.Input[1], out var target)
            || target.Dims is not [3] || graph.Node.Any(n => n.Domain.Length > 0 || !IsLiftable(n)))
            return false;

        var shape = OnnxGraphBuilder.ReadRaw<long>(target);
        target.RawData = Google.Protobuf.ByteString.CopyFrom(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>([shape[0], shape[1], 1, shape[2]]));
        target.Dims[0] = 4;
        foreach (var node in graph.Node.Where(n => n.OpType is "Conv" or "MaxPool"))
        {
            Lift(node, "kernel_shape", 1);
            Lift(node, "strides", 1);
            Lift(node, "dilations", 1);
            LiftPads(node);
            if (node.OpType == "Conv")
                initializers[node.Input[1]].Dims.Insert(2, 1);
        }
        return true;
    }

    private static bool IsLiftable(NodeProto node) => node.OpType switch
    {
        "Reshape" => true,
        "Flatten" => node.Attribute.All(a => a.Name != "axis" || a.I == 1),
        "Conv" or "MaxPool" => node.Attribute.Single(a => a.Name == "kernel_shape").Ints.Count == 1,
        _ => RankFree.Contains(node.OpType),
    };

    private static void Lift(NodeProto node, string name, long value)
    {
        if (node.Attribute.SingleOrDefault(a => a.Name == name) is { } attribute)
            attribute.Ints.Insert(0, value);
    }

    /// <summary>[begin, end] becomes [0, begin, 0, end]: ONNX lists every axis's begin before every end.</summary>
    private static void LiftPads(NodeProto node)
    {
        if (node.Attribute.SingleOrDefault(a => a.Name == "pads") is not { } pads)
            return;
        pads.Ints.Insert(1, 0);
        pads.Ints.Insert(0, 0);
    }
}
