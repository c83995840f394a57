using EmotionRecognition.Audio;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The model-model loader under fuzz: <see cref="EmotionModel.Load(Stream, string?)"/>, then an <see cref="EmotionClassifier"/>
/// over the model (ONNX Runtime parses the graph) classifying a fixed clip. Only <see cref="EmotionModelLoadException"/> may
/// escape, or the classifier's <see cref="InvalidOperationException"/> for output that is not probabilities; an accepted model
/// must give seven finite probabilities that sum to 1.
/// </summary>
/// <param name="name">The target's name.</param>
/// <param name="mutate">The mutator; <see cref="ModelMutations.Mutate"/> by default.</param>
/// <param name="inflation">Memory an input may legitimately cost beyond its size: what the loader's caps let a model inflate to.</param>
internal sealed class ModelTarget(string name = "model", Func<byte[], Random, IReadOnlyList<byte[]>, byte[]>? mutate = null, long inflation = 0) : FuzzTarget
{
    private static readonly Lazy<float[]> Probe = new(() =>
        AudioLoader.Load(new MemoryStream(Seeds.Wav()[0].Bytes), new AudioLoadOptions { SampleRate = 22050 }).Samples);

    public override string Name => name;

    public override string Extension => ".emotion";

    public override IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds() => Seeds.Model();

    public override byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors) => (mutate ?? ModelMutations.Mutate)(parent, rng, donors);

    // The second: a broken graph that passed the load-time probe, caught on its output instead of returned as a prediction.
    public override bool IsDocumented(Exception e) =>
        e is EmotionModelLoadException or ModelOutputException;

    // Loading copies each entry once or twice and ONNX Runtime's managed wrapper keeps the graph bytes. Inflating is what a
    // model costs beyond its size, and the loader caps it (512 MB in all): targets that build such models add that cap.
    public override long AllocationBound(int inputLength) => (128L << 20) + 16L * inputLength + inflation;

    public override long ResidentGrowthBound(int inputLength) => base.ResidentGrowthBound(inputLength) + inflation;

    public override void Execute(byte[] input)
    {
        var model = EmotionModel.Load(new MemoryStream(input, writable: false), "fuzz model");
        using var classifier = EmotionClassifier.Load(model);
        var p = classifier.Classify(Probe.Value, 22050).Probabilities;
        var sum = 0.0;
        foreach (var value in p)
        {
            if (!(value >= 0 && value <= 1)) throw new FuzzOracleException($"an accepted model gave the probability {value}");
            sum += value;
        }
        if (p.Count != EmotionLabels.Count || Math.Abs(sum - 1) > 1e-3)
            throw new FuzzOracleException($"an accepted model gave {p.Count} probabilities summing to {sum}");
    }
}
