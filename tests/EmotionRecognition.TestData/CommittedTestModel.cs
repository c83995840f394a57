using System.Text.Json;

namespace EmotionRecognition.TestData;

/// <summary>
/// The small test model committed under <c>tests/models</c> (made by <c>tests/EmotionRecognition.TestModel</c> with the
/// project's own trainer and exporter), so inference tests need no TorchSharp, and what it was made from: the RAVDESS clips it
/// was trained on and the probabilities the TorchSharp model itself gave for them.
/// </summary>
/// <param name="TrainingClips">The training clips, relative to <see cref="SharedData.Ravdess"/> with '/' separators.</param>
/// <param name="TorchProbabilities">The TorchSharp model's probabilities for <paramref name="TrainingClips"/> (seven per clip, row-major).</param>
public sealed record CommittedTestModel(IReadOnlyList<string> TrainingClips, float[] TorchProbabilities)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The committed model: <c>tests/models/test.emotion</c>.</summary>
    public static string ModelPath => Path.Combine(SharedData.Root, "tests", "models", "test.emotion");

    /// <summary>The record beside a model file: <c>MODEL.json</c>.</summary>
    public static string RecordPath(string modelPath) => modelPath + ".json";

    /// <summary>The committed model's record, read once.</summary>
    public static CommittedTestModel Committed => LazyCommitted.Value;

    private static readonly Lazy<CommittedTestModel> LazyCommitted = new(() => Read(ModelPath));

    /// <summary>Absolute paths of <see cref="TrainingClips"/> in the shared RAVDESS folder.</summary>
    public IReadOnlyList<string> TrainingFiles =>
        TrainingClips.Select(c => Path.Combine(SharedData.Ravdess, c.Replace('/', Path.DirectorySeparatorChar))).ToArray();

    /// <summary>Writes this record beside <paramref name="modelPath"/>.</summary>
    public void Write(string modelPath) => File.WriteAllText(RecordPath(modelPath), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads the record beside <paramref name="modelPath"/>.</summary>
    public static CommittedTestModel Read(string modelPath) =>
        JsonSerializer.Deserialize<CommittedTestModel>(File.ReadAllText(RecordPath(modelPath)), Json)
        ?? throw new InvalidDataException(RecordPath(modelPath) + " is empty");

    /// <summary>The record of a model trained on <paramref name="files"/> (absolute paths in the shared RAVDESS folder).</summary>
    public static CommittedTestModel From(IEnumerable<string> files, float[] torchProbabilities) =>
        new(files.Select(f => Path.GetRelativePath(SharedData.Ravdess, f).Replace(Path.DirectorySeparatorChar, '/')).ToArray(), torchProbabilities);
}
