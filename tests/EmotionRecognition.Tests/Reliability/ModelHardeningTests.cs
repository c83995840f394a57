using EmotionRecognition.Features;
using EmotionRecognition.Fuzz;
using EmotionRecognition.Inference;
using Microsoft.ML;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>
/// Models that are intact (checksums match) but do not fit together, or carry more than data: each is refused with a message
/// that says what does not fit.
/// </summary>
[Collection(TestModelCollection.Name)]
public class ModelHardeningTests(TestModel model)
{
    [Fact]
    public void OnnxInputThatDoesNotTakeTheSpecsVectorIsRefused()
    {
        // A consistent spec and scaler for 1,188-value vectors (hop 1024), packed with the test model's 2,376-input graph.
        var spec = FeatureSpec.Seed with { HopLength = 1024 };
        var model = Model(spec, EmotionLabels.All);

        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model));
        Assert.Contains($"the ONNX input takes [-1, 2376] but the feature spec makes vectors of {spec.VectorLength}", e.Message);
    }

    [Fact]
    public void OnnxOutputThatDoesNotGiveOneValuePerLabelIsRefused()
    {
        var model = Model(FeatureSpec.Seed, [.. EmotionLabels.All, "calm"]);

        var e = Assert.Throws<EmotionModelLoadException>(() => new OnnxScorer(model, source: "eight-labels.emotion"));
        Assert.Contains("the ONNX output gives [-1, 7] but the model has 8 labels", e.Message);
        Assert.Contains("eight-labels.emotion", e.Message);
    }

    [Fact]
    public void OnnxBytesThatAreNotAGraphAreRefused()
    {
        // Text is not even protobuf: refused before ONNX Runtime sees it.
        var text = EmotionModel.Load(new MemoryStream(ModelFiles.WithEntry(File.ReadAllBytes(model.Path), "model.onnx", "not a graph"u8.ToArray())));
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(text));
        Assert.Contains("is not a well-formed ONNX protobuf", e.Message);

        // Well-formed protobuf (ir_version = 1 and nothing else) that is no graph: ONNX Runtime refuses it.
        var empty = EmotionModel.Load(new MemoryStream(ModelFiles.WithEntry(File.ReadAllBytes(model.Path), "model.onnx", [0x08, 0x01])));
        e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(empty));
        Assert.Contains("cannot be loaded by ONNX Runtime", e.Message);
    }

    [Theory]
    [InlineData("conv4.weight", 71, 0xFF)]   // NaN weights: NaN for every clip (long run, seed 2, iteration 476)
    [InlineData("conv1.weight", 180, 0xFE)]  // weights of -1.7e38: right for an all-zero input, NaN for speech (seed 3, iteration 925)
    public void BrokenWeightsAreRefusedAtLoad(string initializer, int length, byte value)
    {
        // Model fuzzer findings, rebuilt in memory rather than committed as copies of the CC BY-NC-SA default model: a run of
        // bytes in model.onnx overwritten, the manifest re-sealed. Both loaded, then answered NaN. The run is placed inside the
        // named initializer's raw data (its name, then the field tag and length, then the floats), so it hits weights whatever
        // the shipped model's layout. In the first convolution, -1.7e38 times speech features of both signs overflows to +∞ and
        // −∞ in one sum (NaN), while an all-zero input still gives zeros.
        using var shipped = DefaultModel.Open();
        using var copy = new MemoryStream();
        shipped.CopyTo(copy);
        var onnx = ModelFiles.Read(copy.ToArray()).Single(e => e.Name == "model.onnx").Bytes;
        var name = System.Text.Encoding.UTF8.GetBytes(initializer);
        var at = onnx.AsSpan().LastIndexOf(name);
        Assert.True(at > 0, $"the shipped model has no initializer {initializer}");
        onnx.AsSpan(at + name.Length + 8, length).Fill(value);
        var model = EmotionModel.Load(new MemoryStream(ModelFiles.WithEntry(copy.ToArray(), "model.onnx", onnx)));

        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model));
        Assert.Contains("it does not turn a test signal into probabilities. The model gave [NaN, NaN", e.Message);
    }

    private EmotionModel Model(FeatureSpec spec, IReadOnlyList<string> labels)
    {
        var ml = new MLContext(seed: 1);
        var scaler = ml.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn).Fit(FeatureRows.ToDataView(ml, Rows(spec.VectorLength)));
        return EmotionModel.Create(model.Model.OnnxModel, spec, labels, scaler, ml, new Dictionary<string, string>());
    }

    private static float[][] Rows(int length)
    {
        var rng = new Random(3);
        return Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, length).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
    }
}
