namespace EmotionRecognition.Tests.Reliability;

/// <summary>A graph whose tensors point at files outside the model is refused before ONNX Runtime can read those files.</summary>
[Collection(TestModelCollection.Name)]
public class ExternalDataTests(TestModel model)
{
    public static TheoryData<string> Places() => [.. Fuzz.HostileGraphs.ExternalPlaces];

    [Theory]
    [MemberData(nameof(Places))]
    public void TensorsWithExternalDataAreRefusedWherever(string place)
    {
        foreach (var (flag, entries) in new[] { (true, true), (true, false), (false, true) })
        {
            var onnx = Fuzz.HostileGraphs.WithExternalTensor(model.Model.OnnxModel, place, flag, entries);
            var model = model.Model.WithOnnxModel(onnx, new Dictionary<string, string>());
            var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model));
            Assert.Contains("keeps the data of tensor 'leak' in an external file", e.Message);
        }
    }

    [Fact]
    public void MalformedProtobufIsRefusedAndTheRealGraphPasses()
    {
        byte[] truncated = [.. model.Model.OnnxModel, 0x3A, 0x7F]; // a graph field claiming 127 bytes that are not there
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model.Model.WithOnnxModel(truncated, new Dictionary<string, string>())));
        Assert.Contains("not a well-formed ONNX protobuf", e.Message);
        Assert.Null(Inference.OnnxGraphScreen.Problem(model.Model.OnnxModel));
        using var classifier = EmotionClassifier.Load(model.Model);
    }
}
