using System.Text;

namespace EmotionRecognition.Inference;

/// <summary>
/// Screens an ONNX model before ONNX Runtime sees it, walking the protobuf wire format (no ONNX classes needed) through every
/// place a node or tensor can live: the graph, attribute subgraphs and functions.
/// <list type="bullet">
/// <item>No tensor may keep its bytes in an external file: ONNX Runtime resolves such a location against the working directory
/// when a session is created from bytes, so a hostile model could read any file near the process, past the manifest's hashes.</item>
/// <item>Every node must be one of <see cref="OnnxOperators.Allowed"/>, the operators our exporters emit. Control flow (Loop, Scan,
/// If) and operators that size their output from data (ConstantOfShape, Range, Expand, Tile, Resize) are what a graph needs to
/// run for ever or allocate gigabytes; none of our models uses them, so refusing them is simpler than budgeting them.</item>
/// </list>
/// </summary>
internal static class OnnxGraphScreen
{
    private const int MaxDepth = 64;

    private enum Message { Model, Function, Graph, Node, Attribute, SparseTensor, Tensor }

    /// <summary>Why the model cannot be used as it stands (external data, an operator we never emit, malformed protobuf); null when it is fine.</summary>
    public static string? Problem(ReadOnlySpan<byte> model)
    {
        try
        {
            return Walk(model, Message.Model, 0);
        }
        catch (FormatException e)
        {
            return $"is not a well-formed ONNX protobuf ({e.Message})";
        }
    }

    private static Message? Child(Message parent, int field) => (parent, field) switch
    {
        (Message.Model, 7) => Message.Graph,
        (Message.Model, 25) => Message.Function,
        (Message.Function, 7) => Message.Node,
        (Message.Graph, 1) => Message.Node,
        (Message.Graph, 5) => Message.Tensor,
        (Message.Graph, 15) => Message.SparseTensor,
        (Message.Node, 5) => Message.Attribute,
        (Message.Attribute, 5 or 10) => Message.Tensor,
        (Message.Attribute, 6 or 11) => Message.Graph,
        (Message.Attribute, 22 or 23) => Message.SparseTensor,
        (Message.SparseTensor, 1 or 2) => Message.Tensor,
        _ => null,
    };

    /// <summary>What one message says about itself once read: a tensor's name and storage, a node's operator.</summary>
    private sealed class Facts
    {
        public string Name = "";
        public bool External;
        public string OpType = "";
        public string Domain = "";
    }

    private static string? Walk(ReadOnlySpan<byte> data, Message message, int depth)
    {
        if (depth > MaxDepth)
            throw new FormatException($"messages nested deeper than {MaxDepth}");
        var position = 0;
        var facts = new Facts();
        while (position < data.Length)
        {
            var key = ReadVarint(data, ref position);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    var value = ReadVarint(data, ref position);
                    // TensorProto.data_location = 14; 1 is EXTERNAL.
                    if (message == Message.Tensor && field == 14 && value == 1) facts.External = true;
                    break;
                case 1:
                    Skip(data, ref position, 8);
                    break;
                case 5:
                    Skip(data, ref position, 4);
                    break;
                case 2:
                    var length = ReadVarint(data, ref position);
                    if (length > (ulong)(data.Length - position))
                        throw new FormatException("a field runs past the end of its message");
                    var body = data.Slice(position, (int)length);
                    position += (int)length;
                    if (Note(facts, message, field, body)) break;
                    if (Child(message, field) is { } child && Walk(body, child, depth + 1) is { } found) return found;
                    break;
                default:
                    throw new FormatException($"wire type {key & 7} is not used by ONNX");
            }
        }
        return Judge(facts, message);
    }

    /// <summary>Records a length-delimited field that describes the message itself; false for fields that hold other messages.</summary>
    private static bool Note(Facts facts, Message message, int field, ReadOnlySpan<byte> body)
    {
        switch (message, field)
        {
            case (Message.Tensor, 13): facts.External = true; return true; // TensorProto.external_data
            case (Message.Tensor, 8): facts.Name = Encoding.UTF8.GetString(body); return true;
            case (Message.Node, 4): facts.OpType = Encoding.UTF8.GetString(body); return true;
            case (Message.Node, 7): facts.Domain = Encoding.UTF8.GetString(body); return true;
            default: return false;
        }
    }

    private static string? Judge(Facts facts, Message message) => message switch
    {
        Message.Tensor when facts.External => $"keeps the data of tensor '{facts.Name}' in an external file",
        Message.Node when !OnnxOperators.IsAllowed(facts.Domain, facts.OpType) =>
            $"uses the operator '{OnnxOperators.Describe(facts.Domain, facts.OpType)}', which no model of this library contains " +
            $"(allowed: {string.Join(", ", OnnxOperators.Allowed)})",
        _ => null,
    };

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
                throw new FormatException("the data ends inside a number");
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("a number is longer than ten bytes");
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int position, int bytes)
    {
        if (data.Length - position < bytes)
            throw new FormatException("the data ends inside a field");
        position += bytes;
    }
}
