using EmotionRecognition.Onnx.Proto;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Swaps <c>BatchNormalization → MaxPool</c> into <c>MaxPool → BatchNormalization</c> where every channel's scale
/// (γ/√(σ²+ε)) is positive: a positive affine map keeps which cell is largest, and MaxPool's padding never wins, so the
/// result is the same. The pool then takes the quantised convolution's uint8 output directly and runs in its layout.
/// </summary>
internal static class PoolBeforeNorm
{
    public static int Apply(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var swapped = 0;
        for (var i = 0; i + 1 < graph.Node.Count; i++)
        {
            var (norm, pool) = (graph.Node[i], graph.Node[i + 1]);
            if (norm.OpType != "BatchNormalization" || pool.OpType != "MaxPool" || pool.Input[0] != norm.Output[0]
                || pool.Output.Count != 1 || graph.Node.Count(n => n.Input.Contains(norm.Output[0])) != 1
                || !PositiveScale(norm, initializers))
                continue;
            // Same value names, operators exchanged: the pool reads the norm's input, the norm writes the pool's output.
            var (input, middle, output) = (norm.Input[0], norm.Output[0], pool.Output[0]);
            pool.Input[0] = input;
            pool.Output[0] = middle;
            norm.Input[0] = middle;
            norm.Output[0] = output;
            (graph.Node[i], graph.Node[i + 1]) = (pool, norm);
            swapped++;
        }
        return swapped;
    }

    private static bool PositiveScale(NodeProto norm, Dictionary<string, TensorProto> initializers)
    {
        if (!initializers.TryGetValue(norm.Input[1], out var gamma) || gamma.RawData.IsEmpty)
            return false;
        // A positive γ suffices: √(σ²+ε) is positive whenever the normalisation is defined.
        return OnnxGraphBuilder.ReadRaw<float>(gamma).All(g => g > 0);
    }
}
