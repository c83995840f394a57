using System.Text;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>A graph whose tensors point at files outside the bundle is refused before ONNX Runtime can read those files.</summary>
[Collection(TestModelCollection.Name)]
public class ExternalDataTests(TestModel model)
{
    private static byte[] Field(int number, ReadOnlySpan<byte> body)
    {
        var bytes = new List<byte>();
        Varint(bytes, (ulong)(number << 3 | 2));
        Varint(bytes, (ulong)body.Length);
        bytes.AddRange(body.ToArray());
        return [.. bytes];
    }

    private static byte[] VarintField(int number, ulong value)
    {
        var bytes = new List<byte>();
        Varint(bytes, (ulong)(number << 3));
        Varint(bytes, value);
        return [.. bytes];
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
        bytes.Add((byte)value);
    }

    // A float tensor named "leak" whose data lives in ./secret.bin: data_type FLOAT, dims [4], external_data, data_location EXTERNAL.
    private static byte[] ExternalTensor(bool withLocationFlag, bool withEntries) =>
    [
        .. VarintField(1, 4), .. VarintField(2, 1), .. Field(8, Encoding.UTF8.GetBytes("leak")),
        .. withEntries ? Field(13, [.. Field(1, Encoding.UTF8.GetBytes("location")), .. Field(2, Encoding.UTF8.GetBytes("secret.bin"))]) : [],
        .. withLocationFlag ? VarintField(14, 1) : [],
    ];

    /// <summary>Protobuf merges a repeated message field by appending, so these bytes add a tensor to the real graph.</summary>
    public static TheoryData<string> Places() => ["initializer", "Constant attribute", "sparse initializer", "subgraph initializer"];

    private static byte[] GraphAddition(string place, byte[] tensor) => place switch
    {
        "initializer" => Field(5, tensor),
        "Constant attribute" => Field(1, [.. Field(2, Encoding.UTF8.GetBytes("c")), .. Field(4, Encoding.UTF8.GetBytes("Constant")),
            .. Field(5, [.. Field(1, Encoding.UTF8.GetBytes("value")), .. Field(5, tensor), .. VarintField(20, 4)])]),
        "sparse initializer" => Field(15, Field(1, tensor)),
        "subgraph initializer" => Field(1, Field(5, [.. Field(1, Encoding.UTF8.GetBytes("then_branch")), .. Field(6, Field(5, tensor))])),
        _ => throw new ArgumentException(place),
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void TensorsWithExternalDataAreRefusedWherever(string place)
    {
        foreach (var (flag, entries) in new[] { (true, true), (true, false), (false, true) })
        {
            byte[] onnx = [.. model.Bundle.OnnxModel, .. Field(7, GraphAddition(place, ExternalTensor(flag, entries)))];
            var bundle = model.Bundle.WithOnnxModel(onnx, new Dictionary<string, string>());
            var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(bundle));
            Assert.Contains("keeps the data of tensor 'leak' in an external file", e.Message);
        }
    }

    [Fact]
    public void MalformedProtobufIsRefusedAndTheRealGraphPasses()
    {
        byte[] truncated = [.. model.Bundle.OnnxModel, 0x3A, 0x7F]; // a graph field claiming 127 bytes that are not there
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model.Bundle.WithOnnxModel(truncated, new Dictionary<string, string>())));
        Assert.Contains("not a well-formed ONNX protobuf", e.Message);
        Assert.Null(Inference.OnnxExternalData.Problem(model.Bundle.OnnxModel));
        using var classifier = EmotionClassifier.Load(model.Bundle);
    }
}
