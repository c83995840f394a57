using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

/// <summary>
/// The committed test model (<see cref="CommittedTestModel"/>), loaded once per test run, with a scratch folder for files the
/// tests write beside it.
/// </summary>
public sealed class TestModel : IDisposable
{
    private readonly CommittedTestModel _record = CommittedTestModel.Committed;

    public TestModel()
    {
        Directory = SharedData.NewTempDirectory("emotion-test-model");
        Model = EmotionModel.Load(Path);
        TrainingFiles = _record.TrainingFiles;
    }

    /// <summary>A scratch folder, deleted after the run.</summary>
    public string Directory { get; }

    /// <summary>The committed model file.</summary>
    public string Path { get; } = CommittedTestModel.ModelPath;

    public EmotionModel Model { get; }

    /// <summary>The clips the model was trained on, which the tests classify too.</summary>
    public IReadOnlyList<string> TrainingFiles { get; }

    /// <summary>What the trained TorchSharp model itself gave for <see cref="TrainingFiles"/> (row-major, seven per file).</summary>
    public float[] TorchProbabilities => _record.TorchProbabilities;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class TestModelCollection : ICollectionFixture<TestModel>
{
    public const string Name = "test model";
}
