using EmotionRecognition.TestData;
using EmotionRecognition.TestModel;

namespace EmotionRecognition.Tests;

/// <summary>The test model (see <see cref="TestModelBuilder"/>) in a temp file, built once per test run.</summary>
public sealed class TestModel : IDisposable
{
    public TestModel()
    {
        Directory = SharedData.NewTempDirectory("emotion-test-model");
        Path = System.IO.Path.Combine(Directory, "test.emotion");
        (Model, TrainingFiles, TorchProbabilities) = TestModelBuilder.Build(Path);
    }

    public string Directory { get; }

    public string Path { get; }

    public EmotionModel Model { get; }

    /// <summary>The clips the model was trained on, which the tests classify too.</summary>
    public IReadOnlyList<string> TrainingFiles { get; }

    /// <summary>What the trained TorchSharp model itself gives for <see cref="TrainingFiles"/> (row-major, seven per file).</summary>
    public float[] TorchProbabilities { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class TestModelCollection : ICollectionFixture<TestModel>
{
    public const string Name = "test model";
}
