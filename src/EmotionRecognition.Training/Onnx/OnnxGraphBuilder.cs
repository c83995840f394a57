using System.Runtime.InteropServices;
using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;
using static TorchSharp.torch;

namespace EmotionRecognition.Onnx;

/// <summary>Accumulates nodes and initializers of one ONNX graph, naming every value uniquely.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private int _nextValue;

    public OnnxGraphBuilder(GraphProto graph) => _graph = graph;

    /// <summary>Adds a node with one fresh output and returns that output's name.</summary>
    public string AddNode(string opType, string nodeName, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = $"{nodeName}_output_{_nextValue++}";
        AddNode(opType, nodeName, inputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node that writes the given output name (used for the graph output).</summary>
    public void AddNode(string opType, string nodeName, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    /// <summary>Whether a node added so far writes <paramref name="value"/>.</summary>
    public bool Produces(string value) => _graph.Node.Any(n => n.Output.Contains(value));

    /// <summary>
    /// Makes the last node write <paramref name="newName"/> instead of <paramref name="value"/>, when that node is
    /// the one producing it; false when <paramref name="value"/> is not a node output (e.g. the graph input).
    /// </summary>
    public bool TryRenameLastOutput(string value, string newName)
    {
        if (_graph.Node.Count == 0 || _graph.Node[^1].Output[0] != value)
            return false;
        _graph.Node[^1].Output[0] = newName;
        return true;
    }

    /// <summary>Stores a TorchSharp tensor as a float32 initializer with its own shape.</summary>
    public string AddInitializer(string name, Tensor value)
    {
        using var scope = NewDisposeScope();
        var floats = value.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return AddFloatInitializer(name, floats.data<float>().ToArray(), floats.shape);
    }

    /// <summary>Stores float32 values with the given shape as an initializer.</summary>
    public string AddFloatInitializer(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> shape) =>
        AddInitializer(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), shape);

    /// <summary>Stores a 1-D int64 tensor (shapes and pads are inputs, not attributes, in current opsets).</summary>
    /// <summary>The values of an initializer stored as raw little-endian data (what the AddInitializer overloads write).</summary>
    public static T[] ReadRaw<T>(TensorProto tensor) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(tensor.RawData.Span).ToArray();

    public string AddInt64Initializer(string name, ReadOnlySpan<long> values) =>
        AddInitializer(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), [values.Length]);

    /// <summary>Stores little-endian bytes of the given element type and shape as an initializer.</summary>
    public string AddInitializer(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> littleEndian, ReadOnlySpan<long> shape)
    {
        // raw_data is little-endian by specification; reinterpreting memory is only right on little-endian hosts.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX export needs a little-endian host.");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        foreach (var d in shape)
            tensor.Dims.Add(d);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A float tensor value description whose first dimension is the symbolic batch.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="shapeAfterBatch">Its dimensions after the batch.</param>
    /// <param name="firstDimParam">When given, the first of them is symbolic under this name (e.g. a variable frame count).</param>
    public static ValueInfoProto BatchedFloatValue(string name, ReadOnlySpan<long> shapeAfterBatch, string? firstDimParam = null)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        for (var i = 0; i < shapeAfterBatch.Length; i++)
            shape.Dim.Add(i == 0 && firstDimParam is not null
                ? new TensorShapeProto.Types.Dimension { DimParam = firstDimParam }
                : new TensorShapeProto.Types.Dimension { DimValue = shapeAfterBatch[i] });
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
