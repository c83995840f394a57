using System.Globalization;
using System.Text;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// Writes ONNX protobuf by hand (field numbers from onnx.proto), so hostile graphs can be made without ONNX classes. Protobuf
/// merges a repeated message field by appending, so bytes appended to a model add nodes or tensors to its graph.
/// </summary>
public static class OnnxWire
{
    /// <summary>ONNX element types used here.</summary>
    public const int FloatType = 1, Int64Type = 7, BoolType = 9;

    /// <summary>A length-delimited field.</summary>
    public static byte[] Field(int number, ReadOnlySpan<byte> body)
    {
        var bytes = new List<byte>();
        Varint(bytes, (ulong)(number << 3 | 2));
        Varint(bytes, (ulong)body.Length);
        bytes.AddRange(body.ToArray());
        return [.. bytes];
    }

    /// <summary>A string field.</summary>
    public static byte[] Text(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    /// <summary>A varint field (two's complement for negative values, as protobuf writes int64).</summary>
    public static byte[] VarintField(int number, long value)
    {
        var bytes = new List<byte>();
        Varint(bytes, (ulong)(number << 3));
        Varint(bytes, (ulong)value);
        return [.. bytes];
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
        bytes.Add((byte)value);
    }

    /// <summary>A NodeProto.</summary>
    public static byte[] Node(string op, string[] inputs, string[] outputs, params byte[][] attributes) =>
    [
        .. inputs.SelectMany(i => Text(1, i)), .. outputs.SelectMany(o => Text(2, o)), .. Text(3, $"/{op}/{outputs[0]}"), .. Text(4, op),
        .. attributes.SelectMany(a => Field(5, a)),
    ];

    /// <summary>An INT attribute.</summary>
    public static byte[] IntAttribute(string name, long value) => [.. Text(1, name), .. VarintField(3, value), .. VarintField(20, 2)];

    /// <summary>An INTS attribute.</summary>
    public static byte[] IntsAttribute(string name, params long[] values) =>
        [.. Text(1, name), .. values.SelectMany(v => VarintField(8, v)), .. VarintField(20, 7)];

    /// <summary>A GRAPH attribute.</summary>
    public static byte[] GraphAttribute(string name, byte[] graph) => [.. Text(1, name), .. Field(6, graph), .. VarintField(20, 5)];

    /// <summary>An int64 (or bool) initializer of the given dims holding <paramref name="values"/>.</summary>
    public static byte[] Tensor(string name, int elementType, long[] dims, params long[] values) =>
    [
        .. dims.SelectMany(d => VarintField(1, d)), .. VarintField(2, elementType),
        // int64 values go to int64_data (7), bool ones to int32_data (5).
        .. values.SelectMany(v => VarintField(elementType == Int64Type ? 7 : 5, v)), .. Text(8, name),
    ];

    /// <summary>A float initializer of the given dims, its values in raw_data (little-endian).</summary>
    public static byte[] FloatTensor(string name, long[] dims, params float[] values) =>
    [
        .. dims.SelectMany(d => VarintField(1, d)), .. VarintField(2, FloatType), .. Text(8, name),
        .. Field(9, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())),
    ];

    /// <summary>A ValueInfoProto: a tensor of <paramref name="elementType"/>; <paramref name="dims"/> null for an unknown shape,
    /// each dimension a size or a symbolic name.</summary>
    public static byte[] Value(string name, int elementType, params object[]? dims)
    {
        byte[] shape = dims is null ? [] : Field(2, dims.SelectMany(d => Field(1, d is string param ? Text(2, param) : VarintField(1, Convert.ToInt64(d, CultureInfo.InvariantCulture)))).ToArray());
        return [.. Text(1, name), .. Field(2, Field(1, [.. VarintField(1, elementType), .. shape]))];
    }

    /// <summary>A GraphProto of nodes, initializers, inputs and outputs.</summary>
    public static byte[] Graph(string name, IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers, IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs) =>
    [
        .. nodes.SelectMany(n => Field(1, n)), .. Text(2, name), .. initializers.SelectMany(t => Field(5, t)),
        .. inputs.SelectMany(v => Field(11, v)), .. outputs.SelectMany(v => Field(12, v)),
    ];

    /// <summary>A ModelProto (IR version 8, default-domain opset 17) around <paramref name="graph"/>.</summary>
    public static byte[] Model(byte[] graph) =>
        [.. VarintField(1, 8), .. Text(2, "fuzz"), .. Field(7, graph), .. Field(8, [.. Text(1, ""), .. VarintField(2, 17)])];
}
