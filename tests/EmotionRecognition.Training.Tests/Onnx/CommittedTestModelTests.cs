using EmotionRecognition.TestData;
using EmotionRecognition.TestModel;

namespace EmotionRecognition.Training.Tests.Onnx;

/// <summary>
/// The inference tests use the committed <c>tests/models/test.emotion</c> instead of training one; this keeps that file what
/// the test model builder and our exporter make today, so it cannot rot. Regenerate it with
/// <c>dotnet run -c Release --project tests/EmotionRecognition.TestModel -- tests/models/test.emotion</c>.
/// </summary>
public sealed class CommittedTestModelTests : IDisposable
{
    private const string Regenerate = "regenerate it: dotnet run -c Release --project tests/EmotionRecognition.TestModel -- tests/models/test.emotion";
    private readonly string _directory = SharedData.NewTempDirectory("committed-test-model");

    [RequiresFact(Requirement.SharedData)]
    public void CommittedTestModelIsWhatTheBuilderAndExporterMakeToday()
    {
        var path = Path.Combine(_directory, "test.emotion");
        var (fresh, files, torch) = TestModelBuilder.Build(path);
        var committed = EmotionModel.Load(CommittedTestModel.ModelPath);
        var record = CommittedTestModel.Committed;

        Assert.True(CommittedTestModel.From(files, torch).TrainingClips.SequenceEqual(record.TrainingClips), "training clips changed; " + Regenerate);
        Assert.Equal(fresh.FeatureSpec, committed.FeatureSpec);
        Assert.Equal(fresh.Labels, committed.Labels);
        Assert.Equal((fresh.InputName, fresh.OutputName), (committed.InputName, committed.OutputName));
        Assert.Equal(fresh.Provenance.OrderBy(p => p.Key), committed.Provenance.OrderBy(p => p.Key));
        Assert.Equal(GraphShape(fresh), GraphShape(committed));
        AssertClose(torch, record.TorchProbabilities, "the TorchSharp model's probabilities");

        using var freshClassifier = EmotionClassifier.Load(path);
        using var committedClassifier = EmotionClassifier.Load(CommittedTestModel.ModelPath);
        var freshOnnx = freshClassifier.ClassifyBatch(files).SelectMany(p => p.Probabilities).ToArray();
        var committedOnnx = committedClassifier.ClassifyBatch(record.TrainingFiles).SelectMany(p => p.Probabilities).ToArray();
        AssertClose(freshOnnx, committedOnnx, "the models' probabilities through ONNX Runtime");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The graph's operators in order and its weights' names and shapes: what the exporter decides, not the values.</summary>
    private static string[] GraphShape(EmotionModel model)
    {
        var graph = OnnxHarness.Parse(model.OnnxModel).Graph;
        return graph.Node.Select(n => $"{n.OpType}({string.Join(",", n.Input)})->{string.Join(",", n.Output)}")
            .Concat(graph.Initializer.Select(t => $"{t.Name}[{string.Join("x", t.Dims)}]"))
            .ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        // One epoch on CPU is deterministic up to libtorch's summation order, which may differ between machines.
        var difference = OnnxHarness.MaxAbsDifference(expected, actual);
        Assert.True(difference < 1e-4, $"{what} differ by {difference:E2}; {Regenerate}");
    }
}
