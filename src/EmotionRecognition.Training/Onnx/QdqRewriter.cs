using System.Runtime.InteropServices;
using EmotionRecognition.Onnx.Proto;
using static EmotionRecognition.Onnx.OnnxGraphBuilder;
using DataType = EmotionRecognition.Onnx.Proto.TensorProto.Types.DataType;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Rewrites chosen float convolutions into the QDQ form (QuantizeLinear → DequantizeLinear around float operators), which
/// ONNX Runtime's graph optimiser fuses into <c>QLinearConv</c>. A <c>Relu</c> right after the convolution stays inside
/// the quantised span: its output range starts at 0, so the optimiser can drop it into the uint8 clamp.
/// </summary>
internal static class QdqRewriter
{
    /// <summary>One convolution to quantise: its node, float input, the value it hands on (after Relu), weight and bias.</summary>
    internal sealed record Target(NodeProto Conv, string Input, string Output, string Weight, string? Bias);

    public static List<Target> FindTargets(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet();
        var targets = new List<Target>();
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv" && n.Domain.Length == 0))
        {
            if (!initializers.TryGetValue(conv.Input[1], out var weight) || weight.Dims.Count < 3 || weight.Dims[1] < 2
                || conv.Attribute.Any(a => a.Name == "group" && a.I != 1))
                continue;
            var consumers = graph.Node.Where(n => n.Input.Contains(conv.Output[0])).ToList();
            var relu = consumers is [{ OpType: "Relu" } only] ? only : null;
            var output = relu?.Output[0] ?? conv.Output[0];
            if (graphOutputs.Contains(output))
                continue;
            var bias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? conv.Input[2] : null;
            targets.Add(new Target(conv, conv.Input[0], output, weight.Name, bias));
        }
        return targets;
    }

    public static void Rewrite(GraphProto graph, IReadOnlyList<Target> targets, IReadOnlyDictionary<string, (float Min, float Max)> ranges)
    {
        var builder = new OnnxGraphBuilder(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        // By reference: protobuf messages hash their content, and renaming a node's inputs below would change its hash.
        var byConv = targets.ToDictionary(t => t.Conv, (IEqualityComparer<NodeProto>)ReferenceEqualityComparer.Instance);
        var quantisedOutputs = targets.Select(t => t.Output).ToHashSet();
        var renamed = new Dictionary<string, string>();
        var original = graph.Node.ToList();
        graph.Node.Clear();
        foreach (var node in original)
        {
            for (var i = 0; i < node.Input.Count; i++)
                node.Input[i] = renamed.GetValueOrDefault(node.Input[i], node.Input[i]);
            if (byConv.TryGetValue(node, out var target))
                QuantizeConvolution(builder, node, target, initializers, ranges[target.Input]);
            graph.Node.Add(node);
            if (quantisedOutputs.Contains(node.Output[0]))
                renamed[node.Output[0]] = QuantizeDequantize(builder, node.Output[0], ranges[node.Output[0]]);
        }
        foreach (var unused in targets.SelectMany(t => new[] { t.Weight, t.Bias }).OfType<string>().Distinct())
        {
            if (!graph.Node.Any(n => n.Input.Contains(unused)))
                graph.Initializer.Remove(initializers[unused]);
        }
    }

    /// <summary>Adds the dequantised input, weight and bias in front of <paramref name="conv"/> and points it at them.</summary>
    private static void QuantizeConvolution(OnnxGraphBuilder builder, NodeProto conv, Target target,
        Dictionary<string, TensorProto> initializers, (float Min, float Max) inputRange)
    {
        // An input that is already dequantised (the previous convolution's output, or shared with an earlier convolution)
        // keeps that quantisation.
        if (!conv.Input[0].EndsWith(DequantizedSuffix, StringComparison.Ordinal))
        {
            var dequantized = conv.Input[0] + DequantizedSuffix;
            conv.Input[0] = builder.Produces(dequantized) ? dequantized : QuantizeDequantize(builder, conv.Input[0], inputRange);
        }

        var weight = initializers[target.Weight];
        var (quantised, scales) = QuantizeWeight(weight);
        var channels = scales.Length;
        var name = target.Weight;
        builder.AddInitializer($"{name}.quantized", DataType.Int8, MemoryMarshal.AsBytes(quantised.AsSpan()), [.. weight.Dims]);
        builder.AddFloatInitializer($"{name}.scale", scales, [channels]);
        builder.AddInitializer($"{name}.zero_point", DataType.Int8, new byte[channels], [channels]);
        conv.Input[1] = builder.AddNode("DequantizeLinear", $"{name}/DequantizeLinear",
            [$"{name}.quantized", $"{name}.scale", $"{name}.zero_point"], Int("axis", 0));
        if (target.Bias is not { } bias)
            return;

        // The fused kernel adds the bias in int32 at the product's scale (input scale × weight scale).
        var inputStep = ActivationStep(inputRange);
        var biasScales = scales.Select(s => s * inputStep).ToArray();
        var biasValues = FloatData(initializers[bias]);
        var biasQuantised = biasValues.Select((b, c) => (int)Math.Clamp(Math.Round(b / biasScales[c]), int.MinValue, int.MaxValue)).ToArray();
        builder.AddInitializer($"{bias}.quantized", DataType.Int32, MemoryMarshal.AsBytes(biasQuantised.AsSpan()), [channels]);
        builder.AddFloatInitializer($"{bias}.scale", biasScales, [channels]);
        builder.AddInitializer($"{bias}.zero_point", DataType.Int32, new byte[4 * channels], [channels]);
        conv.Input[2] = builder.AddNode("DequantizeLinear", $"{bias}/DequantizeLinear",
            [$"{bias}.quantized", $"{bias}.scale", $"{bias}.zero_point"], Int("axis", 0));
    }

    private const string DequantizedSuffix = ".dequantized";

    private static string QuantizeDequantize(OnnxGraphBuilder builder, string value, (float Min, float Max) range)
    {
        var (scale, zeroPoint) = ActivationParameters(builder, value, range);
        return QuantizeDequantize(builder, value, scale, zeroPoint);
    }

    private static string QuantizeDequantize(OnnxGraphBuilder builder, string value, string scale, string zeroPoint)
    {
        var quantised = $"{value}.quantized";
        builder.AddNode("QuantizeLinear", $"{value}/QuantizeLinear", [value, scale, zeroPoint], quantised);
        builder.AddNode("DequantizeLinear", $"{value}/DequantizeLinear", [quantised, scale, zeroPoint], value + DequantizedSuffix);
        return value + DequantizedSuffix;
    }

    /// <summary>Scalar uint8 scale and zero point covering <paramref name="range"/>, stored as initializers.</summary>
    private static (string Scale, string ZeroPoint) ActivationParameters(OnnxGraphBuilder builder, string value, (float Min, float Max) range)
    {
        var step = ActivationStep(range);
        var zeroPoint = (byte)Math.Clamp(Math.Round(-range.Min / step), 0, 255);
        return (builder.AddFloatInitializer($"{value}.scale", [step], []),
            builder.AddInitializer($"{value}.zero_point", DataType.Uint8, [zeroPoint], []));
    }

    private static float ActivationStep((float Min, float Max) range)
    {
        var step = (range.Max - range.Min) / 255f;
        return step > 0 ? step : 1f;
    }

    /// <summary>Symmetric per-output-channel int8 weights in ±<see cref="OnnxQuantizer.WeightLevels"/>, and their scales.</summary>
    private static (sbyte[] Values, float[] Scales) QuantizeWeight(TensorProto weight)
    {
        var values = FloatData(weight);
        var channels = (int)weight.Dims[0];
        var perChannel = values.Length / channels;
        var quantised = new sbyte[values.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var slice = values.AsSpan(c * perChannel, perChannel);
            var largest = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(slice));
            scales[c] = largest > 0 ? largest / OnnxQuantizer.WeightLevels : 1f;
            for (var i = 0; i < perChannel; i++)
                quantised[c * perChannel + i] = (sbyte)Math.Clamp(Math.Round(slice[i] / scales[c]), -OnnxQuantizer.WeightLevels, OnnxQuantizer.WeightLevels);
        }
        return (quantised, scales);
    }

    private static float[] FloatData(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float || tensor.RawData.IsEmpty)
            throw new NotSupportedException($"Initializer '{tensor.Name}' is not raw float32 data, which is all this quantiser reads.");
        return OnnxGraphBuilder.ReadRaw<float>(tensor);
    }
}
