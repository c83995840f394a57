using System.Text;

namespace EmotionRecognition.Inference;

/// <summary>
/// Finds tensors in an ONNX model that keep their bytes in an external file. ONNX Runtime resolves such a location against the
/// working directory when a session is created from bytes, so a hostile bundle could read any file near the process, past the
/// manifest's hashes. A bundle must carry all its weights; this walks the protobuf wire format (no ONNX classes needed) through
/// every place a tensor can live: initializers, sparse initializers, attribute tensors and subgraphs, and functions.
/// </summary>
internal static class OnnxExternalData
{
    private const int MaxDepth = 64;

    private enum Message { Model, Function, Graph, Node, Attribute, SparseTensor, Tensor }

    /// <summary>Why the model cannot be used as it stands (it names external data, or is not well-formed protobuf); null when it is fine.</summary>
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

    private static string? Walk(ReadOnlySpan<byte> data, Message message, int depth)
    {
        if (depth > MaxDepth)
            throw new FormatException($"messages nested deeper than {MaxDepth}");
        var position = 0;
        string? tensorName = null;
        var external = false;
        while (position < data.Length)
        {
            var key = ReadVarint(data, ref position);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    var value = ReadVarint(data, ref position);
                    // TensorProto.data_location = 14; 1 is EXTERNAL.
                    if (message == Message.Tensor && field == 14 && value == 1) external = true;
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
                    if (message == Message.Tensor && field == 13) external = true; // TensorProto.external_data
                    else if (message == Message.Tensor && field == 8) tensorName = Encoding.UTF8.GetString(body);
                    else if (Child(message, field) is { } child && Walk(body, child, depth + 1) is { } found) return found;
                    break;
                default:
                    throw new FormatException($"wire type {key & 7} is not used by ONNX");
            }
        }
        return external ? $"keeps the data of tensor '{tensorName}' in an external file" : null;
    }

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
