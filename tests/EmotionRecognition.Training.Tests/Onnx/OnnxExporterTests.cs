using EmotionRecognition.Onnx;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Onnx;

public sealed class OnnxExporterTests(SeedCnnExportFixture seed, ITestOutputHelper log) : IClassFixture<SeedCnnExportFixture>
{
    private const float Tolerance = 1e-5f;

    [RequiresFact(Requirement.SharedData)]
    public void SeedCnnProbabilitiesMatchTorchSharpAtBatchOneAndFive()
    {
        using var session = OnnxHarness.Session(seed.Onnx);
        foreach (var (first, batch) in new[] { (0, 5), (5, 1), (9, 5) })
        {
            var rows = FeatureRows.Take(first, batch);
            var expected = TestModels.Forward(seed.Model, rows, batch, softmax: true);
            var actual = OnnxHarness.Run(session, rows, batch);
            Assert.Equal(batch * TestModels.Classes, actual.Length);
            var difference = OnnxHarness.MaxAbsDifference(expected, actual);
            log.WriteLine($"seed CNN probabilities, batch {batch}: max |diff| = {difference:E2}");
            Assert.InRange(difference, 0, Tolerance);
            for (var r = 0; r < batch; r++)
                Assert.Equal(1.0, actual.Skip(r * TestModels.Classes).Take(TestModels.Classes).Sum(), 5);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedCnnLogitsMatchTorchSharpWithoutSoftmax()
    {
        var onnx = OnnxHarness.Export(seed.Model, new OnnxExportOptions { AppendSoftmax = false, OutputName = "logits" });
        using var session = OnnxHarness.Session(onnx);
        var rows = FeatureRows.Take(0, 5);
        var expected = TestModels.Forward(seed.Model, rows, 5, softmax: false);
        var actual = OnnxHarness.Run(session, rows, 5);
        // Logits carry the whole network's rounding, so the bound is relative to their size.
        var scale = expected.Max(Math.Abs);
        var difference = OnnxHarness.MaxAbsDifference(expected, actual);
        log.WriteLine($"seed CNN logits (max |logit| {scale:F2}): max |diff| = {difference:E2}");
        Assert.InRange(difference, 0, 1e-5f * Math.Max(1, scale));
        Assert.Equal(["logits"], session.OutputNames);
        Assert.Equal("Gemm", OnnxHarness.Parse(onnx).Graph.Node[^1].OpType);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedCnnFoldsMinusInfinityPadsIntoMaxPool()
    {
        var graph = OnnxHarness.Parse(seed.Onnx).Graph;
        string[] block = ["Conv", "Relu", "BatchNormalization", "MaxPool"];
        string[] expected = ["Reshape", .. Enumerable.Repeat(block, 5).SelectMany(b => b),
            "Flatten", "Gemm", "Relu", "BatchNormalization", "Gemm", "Softmax"];
        Assert.Equal(expected, graph.Node.Select(n => n.OpType));
        var poolPads = graph.Node.Where(n => n.OpType == "MaxPool")
            .Select(n => string.Join(",", n.Attribute.Single(a => a.Name == "pads").Ints));
        Assert.Equal(["1,2", "1,2", "1,2", "2,2", "1,1"], poolPads);
        var convPads = graph.Node.Where(n => n.OpType == "Conv")
            .Select(n => string.Join(",", n.Attribute.Single(a => a.Name == "pads").Ints));
        Assert.Equal(["2,2", "2,2", "2,2", "1,1", "1,1"], convPads);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedCnnMetadataNamesAndDynamicBatchRoundTripThroughOnnxRuntime()
    {
        using var session = OnnxHarness.Session(seed.Onnx);
        var metadata = session.ModelMetadata;
        foreach (var (key, value) in SeedCnnExportFixture.Metadata)
            Assert.Equal(value, metadata.CustomMetadataMap[key]);
        Assert.Equal("EmotionRecognition", metadata.ProducerName);
        Assert.Equal("EmotionRecognition", metadata.GraphName);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("features", input.Key);
        Assert.Equal([-1, TestModels.FeatureLength], input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("probabilities", output.Key);
        Assert.Equal([-1, TestModels.Classes], output.Value.Dimensions);
        Assert.Equal("batch", output.Value.SymbolicDimensions[0]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedCnnPassesOnnxChecker() => OnnxHarness.AssertCheckerAccepts(seed.Onnx);

    [RequiresFact(Requirement.SharedData)]
    public void ExportIsDeterministicAndLeavesTheModelAlone()
    {
        var before = seed.Model.parameters().Select(p => p.sum().item<float>()).ToArray();
        var again = OnnxHarness.Export(seed.Model, new OnnxExportOptions { Metadata = SeedCnnExportFixture.Metadata });
        Assert.Equal(seed.Onnx, again);
        Assert.False(seed.Model.training);
        Assert.Equal(before, seed.Model.parameters().Select(p => p.sum().item<float>()));
    }

    public static TheoryData<string, int> SmallModels => new()
    {
        { nameof(TestModels.Small1d), 13 }, { nameof(TestModels.Small1d), 17 }, { nameof(TestModels.Small1d), 21 },
        { nameof(TestModels.Small2d), 13 }, { nameof(TestModels.Small2d), 17 }, { nameof(TestModels.Small2d), 21 },
        { nameof(TestModels.Matrix), 13 }, { nameof(TestModels.Matrix), 17 }, { nameof(TestModels.Matrix), 21 },
    };

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(SmallModels))]
    public void SmallModelsMatchTorchSharpAtEveryOpset(string name, int opset)
    {
        using var model = SmallModel(name);
        var onnx = OnnxHarness.Export(model, new OnnxExportOptions { Opset = opset });
        using var session = OnnxHarness.Session(onnx);
        foreach (var (first, batch) in new[] { (3, 5), (11, 1) })
        {
            var rows = FeatureRows.Take(first, batch);
            var expected = TestModels.Forward(model, rows, batch, softmax: true);
            var difference = OnnxHarness.MaxAbsDifference(expected, OnnxHarness.Run(session, rows, batch));
            log.WriteLine($"{name} opset {opset}, batch {batch}: max |diff| = {difference:E2}");
            Assert.InRange(difference, 0, Tolerance);
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(nameof(TestModels.Small1d), 13)]
    [InlineData(nameof(TestModels.Small1d), 17)]
    [InlineData(nameof(TestModels.Small2d), 17)]
    [InlineData(nameof(TestModels.Matrix), 17)]
    public void SmallModelsPassOnnxChecker(string name, int opset)
    {
        using var model = SmallModel(name);
        OnnxHarness.AssertCheckerAccepts(OnnxHarness.Export(model, new OnnxExportOptions { Opset = opset }));
    }

    [RequiresFact(Requirement.SharedData)]
    public void FiniteConstantPadBecomesAPadNodeAndMinusInfinityPadFolds()
    {
        using var small1d = SmallModel(nameof(TestModels.Small1d));
        var pad = Assert.Single(OnnxHarness.Parse(OnnxHarness.Export(small1d)).Graph.Node, n => n.OpType == "Pad");
        Assert.Equal("/4/Pad", pad.Name);
        Assert.Equal(["4.pads", "4.value"], pad.Input.Skip(1));
        using var small2d = SmallModel(nameof(TestModels.Small2d));
        var graph = OnnxHarness.Parse(OnnxHarness.Export(small2d)).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Pad");
        var folded = graph.Node.First(n => n.OpType == "MaxPool").Attribute.Single(a => a.Name == "pads").Ints;
        Assert.Equal([1L, 0, 0, 1], folded);
    }

    [Fact]
    public void UnsupportedLayerThrowsNotSupportedNamingItsType()
    {
        using var model = nn.Sequential(nn.Unflatten(1, [1, TestModels.FeatureLength]), nn.GELU(), nn.Flatten());
        var error = Assert.Throws<NotSupportedException>(() => OnnxHarness.Export(model));
        Assert.Contains("TorchSharp.Modules.GELU", error.Message);
        Assert.Contains("'1'", error.Message);

        using var custom = nn.Sequential(nn.Flatten(), new Doubling());
        error = Assert.Throws<NotSupportedException>(() => OnnxHarness.Export(custom));
        Assert.Contains(typeof(Doubling).FullName!, error.Message);

        var dir = TestData.SharedData.NewTempDirectory("onnx-unsupported");
        var path = Path.Combine(dir, "model.onnx");
        Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(custom, TestModels.FeatureLength, path));
        Assert.False(File.Exists(path));
        Directory.Delete(dir);
    }

    [Fact]
    public void UnsupportedSettingsOfSupportedLayersThrowNotSupported()
    {
        using var pooled = nn.Sequential(nn.Unflatten(1, [1, TestModels.FeatureLength]), nn.AdaptiveAvgPool1d(2));
        Assert.Contains("adaptive average pooling", Assert.Throws<NotSupportedException>(() => OnnxHarness.Export(pooled)).Message);
        using var reflect = nn.Sequential(nn.Unflatten(1, [1, TestModels.FeatureLength]),
            nn.Conv1d(1, 2, 3, padding: 1, padding_mode: TorchSharp.PaddingModes.Reflect));
        Assert.Contains("Reflect", Assert.Throws<NotSupportedException>(() => OnnxHarness.Export(reflect)).Message);
        using var noStats = nn.Sequential(nn.Linear(TestModels.FeatureLength, 4), nn.BatchNorm1d(4, track_running_stats: false));
        Assert.Throws<NotSupportedException>(() => OnnxHarness.Export(noStats));
    }

    [RequiresFact(Requirement.SharedData)]
    public void LayersThatDoNotFitTheInputLengthThrowArgumentException()
    {
        using var model = nn.Sequential(nn.Linear(100, 7));
        var error = Assert.Throws<ArgumentException>(() => OnnxHarness.Export(model));
        Assert.Contains("expects 100 features", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxHarness.Export(model, new OnnxExportOptions { Opset = 12 }));
    }

    private static Sequential SmallModel(string name)
    {
        random.manual_seed(name.Length);
        var model = name switch
        {
            nameof(TestModels.Small1d) => TestModels.Small1d(),
            nameof(TestModels.Matrix) => TestModels.Matrix(),
            _ => TestModels.Small2d(),
        };
        TestModels.Prepare(model, FeatureRows.Take(0, 12), 12);
        return model;
    }

    /// <summary>A layer the exporter cannot know: user code inside forward.</summary>
    private sealed class Doubling() : nn.Module<Tensor, Tensor>(nameof(Doubling))
    {
        public override Tensor forward(Tensor input) => input * 2;
    }
}
