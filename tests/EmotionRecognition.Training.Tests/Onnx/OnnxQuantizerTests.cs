using EmotionRecognition.Onnx;
using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Onnx;

public sealed class OnnxQuantizerTests(SeedCnnExportFixture seed, ITestOutputHelper log) : IClassFixture<SeedCnnExportFixture>
{
    // Calibration and comparison use different real rows, so agreement is not measured on what set the ranges.
    private static readonly int CalibrationCount = FeatureRows.Count / 2;

    private byte[] Quantized => _quantized ??= OnnxQuantizer.Quantize(seed.Onnx, Rows(0, CalibrationCount));
    private byte[]? _quantized;

    private static List<float[]> Rows(int first, int count) =>
        Enumerable.Range(first, count).Select(i => FeatureRows.Take(i, 1)).ToList();

    [RequiresFact(Requirement.SharedData)]
    public void Int8SeedCnnAgreesWithFloatOnRealRowsItWasNotCalibratedOn()
    {
        using var float32 = OnnxHarness.Session(seed.Onnx);
        using var int8 = OnnxHarness.Session(Quantized);
        var count = FeatureRows.Count - CalibrationCount;
        var rows = FeatureRows.Take(CalibrationCount, count);
        var expected = OnnxHarness.Run(float32, rows, count);
        var actual = OnnxHarness.Run(int8, rows, count);
        var agree = Enumerable.Range(0, count).Count(r => ArgMax(expected, r) == ArgMax(actual, r));
        var difference = OnnxHarness.MaxAbsDifference(expected, actual);
        log.WriteLine($"int8 vs float32 on {count} rows: max |dprob| = {difference:E2}, argmax agrees on {agree}/{count}");
        // Measured 0.014; the bound leaves room for other rows, not for a broken scale (which moves probabilities by 0.3+).
        Assert.InRange(difference, 0, 0.04f);
        Assert.Equal(count, agree);
        // Batch 1 gives the same numbers as the batch: quantisation ranges are fixed, not taken from the batch.
        Assert.InRange(OnnxHarness.MaxAbsDifference(actual[..TestModels.Classes], OnnxHarness.Run(int8, rows[..TestModels.FeatureLength], 1)), 0, 1e-6f);
    }

    [RequiresFact(Requirement.SharedData)]
    public void Int8SeedCnnQuantizesTheFourWideConvolutionsAndKeepsNamesShapesAndMetadata()
    {
        var graph = OnnxHarness.Parse(Quantized).Graph;
        var convolutions = graph.Node.Where(n => n.OpType == "Conv").ToList();
        Assert.Equal(5, convolutions.Count);
        Assert.DoesNotContain("DequantizeLinear", Producers(graph, convolutions[0].Input[1]));
        foreach (var conv in convolutions.Skip(1))
        {
            Assert.Equal(["DequantizeLinear"], Producers(graph, conv.Input[0]));
            var weightNode = graph.Node.Single(n => n.Output.Contains(conv.Input[1]));
            var weight = graph.Initializer.Single(t => t.Name == weightNode.Input[0]);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, weight.DataType);
            Assert.Equal(4, weight.Dims.Count);
            Assert.All(weight.RawData.ToByteArray(), b => Assert.InRange((sbyte)b, -OnnxQuantizer.WeightLevels, OnnxQuantizer.WeightLevels));
            AssertDequantizesToTheFloatWeight(graph, weightNode, OnnxHarness.Parse(seed.Onnx).Graph.Initializer.Single(t => t.Name == conv.Input[1].Split('/')[0]));
        }
        // Float weights of quantised convolutions are gone: the file shrinks by about their three quarters.
        Assert.InRange(Quantized.Length, 0, seed.Onnx.Length * 0.8);

        using var session = OnnxHarness.Session(Quantized);
        Assert.Equal("features", session.InputNames.Single());
        Assert.Equal([-1, TestModels.FeatureLength], session.InputMetadata["features"].Dimensions);
        Assert.Equal([-1, TestModels.Classes], session.OutputMetadata["probabilities"].Dimensions);
        Assert.Equal("batch", session.OutputMetadata["probabilities"].SymbolicDimensions[0]);
        foreach (var (key, value) in SeedCnnExportFixture.Metadata)
            Assert.Equal(value, session.ModelMetadata.CustomMetadataMap[key]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void Int8SeedCnnPassesOnnxChecker() => OnnxHarness.AssertCheckerAccepts(Quantized);

    [RequiresFact(Requirement.SharedData)]
    public void LiftingToTwoDimensionsAndPoolingBeforeNormalisationKeepTheFloatResults()
    {
        var model = OnnxHarness.Parse(seed.Onnx);
        Assert.True(Conv1dLifting.TryLift(model.Graph));
        Assert.Equal(5, PoolBeforeNorm.Apply(model.Graph));
        using var original = OnnxHarness.Session(seed.Onnx);
        using var rewritten = OnnxHarness.Session(model.ToByteArray());
        var rows = FeatureRows.Take(0, 6);
        Assert.InRange(OnnxHarness.MaxAbsDifference(OnnxHarness.Run(original, rows, 6), OnnxHarness.Run(rewritten, rows, 6)), 0, 1e-5f);
    }

    [RequiresFact(Requirement.SharedData)]
    public void PoolingStaysAfterANormalisationWithANegativeScale()
    {
        var model = OnnxHarness.Parse(seed.Onnx);
        var norm = model.Graph.Node.First(n => n.OpType == "BatchNormalization");
        var gamma = model.Graph.Initializer.Single(t => t.Name == norm.Input[1]);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(gamma.RawData.Span).ToArray();
        values[3] = -values[3];
        gamma.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Assert.Equal(4, PoolBeforeNorm.Apply(model.Graph));
        var after = model.Graph.Node.SkipWhile(n => n != norm).Skip(1).First();
        Assert.Equal("MaxPool", after.OpType);
    }

    [RequiresFact(Requirement.SharedData)]
    public void BadCalibrationRowsAndModelsWithoutWideConvolutionsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => OnnxQuantizer.Quantize(seed.Onnx, []));
        Assert.Contains("2376", Assert.Throws<ArgumentException>(() => OnnxQuantizer.Quantize(seed.Onnx, [new float[100]])).Message);
        using var dense = TorchSharp.torch.nn.Sequential(("dense", TorchSharp.torch.nn.Linear(TestModels.FeatureLength, TestModels.Classes)));
        Assert.Contains("no convolution", Assert.Throws<ArgumentException>(() => OnnxQuantizer.Quantize(OnnxHarness.Export(dense), Rows(0, 2))).Message);
    }

    /// <summary>Every weight is within half a quantisation step of its float value, and each channel uses its full range.</summary>
    private static void AssertDequantizesToTheFloatWeight(GraphProto graph, NodeProto dequantize, TensorProto original)
    {
        var quantized = graph.Initializer.Single(t => t.Name == dequantize.Input[0]).RawData.ToByteArray();
        var scales = Floats(graph.Initializer.Single(t => t.Name == dequantize.Input[1]));
        var values = Floats(original);
        var perChannel = values.Length / scales.Length;
        for (var c = 0; c < scales.Length; c++)
        {
            var channel = Enumerable.Range(c * perChannel, perChannel).ToArray();
            Assert.All(channel, i => Assert.InRange(Math.Abs(values[i] - (sbyte)quantized[i] * scales[c]), 0, scales[c] * 0.5001f));
            Assert.Equal(OnnxQuantizer.WeightLevels, channel.Max(i => Math.Abs((sbyte)quantized[i])));
        }
    }

    private static float[] Floats(TensorProto tensor) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    private static int ArgMax(float[] probabilities, int row)
    {
        var slice = probabilities.AsSpan(row * TestModels.Classes, TestModels.Classes);
        return slice.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(slice));
    }

    private static IEnumerable<string> Producers(GraphProto graph, string value) =>
        graph.Node.Where(n => n.Output.Contains(value)).Select(n => n.OpType);
}
