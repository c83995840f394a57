using EmotionRecognition.Audio;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The model-bundle loader under fuzz: <see cref="ModelBundle.Load(Stream, string?)"/>, then an <see cref="EmotionClassifier"/>
/// over the bundle (ONNX Runtime parses the graph) classifying a fixed clip. Only <see cref="EmotionModelLoadException"/> may
/// escape, or the classifier's <see cref="InvalidOperationException"/> for output that is not probabilities; an accepted bundle
/// must give seven finite probabilities that sum to 1.
/// </summary>
internal sealed class BundleTarget : FuzzTarget
{
    private static readonly Lazy<float[]> Probe = new(() =>
        AudioLoader.Load(new MemoryStream(Seeds.Wav()[0].Bytes), new AudioLoadOptions { SampleRate = 22050 }).Samples);

    public override string Name => "bundle";

    public override string Extension => ".emotion";

    public override IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds() => Seeds.Bundle();

    public override byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors) => BundleMutations.Mutate(parent, rng, donors);

    // The second: a broken graph that passed the load-time probe, caught on its output instead of returned as a prediction.
    public override bool IsDocumented(Exception e) =>
        e is EmotionModelLoadException || (e is InvalidOperationException && e.Message.Contains("which are not probabilities", StringComparison.Ordinal));

    // Loading copies each entry once or twice and ONNX Runtime's managed wrapper keeps the graph bytes.
    public override long AllocationBound(int inputLength) => (128L << 20) + 16L * inputLength;

    public override void Execute(byte[] input)
    {
        var bundle = ModelBundle.Load(new MemoryStream(input, writable: false), "fuzz bundle");
        using var classifier = EmotionClassifier.Load(bundle);
        var p = classifier.Classify(Probe.Value, 22050).Probabilities;
        var sum = 0.0;
        foreach (var value in p)
        {
            if (!(value >= 0 && value <= 1)) throw new FuzzOracleException($"an accepted bundle gave the probability {value}");
            sum += value;
        }
        if (p.Count != EmotionLabels.Count || Math.Abs(sum - 1) > 1e-3)
            throw new FuzzOracleException($"an accepted bundle gave {p.Count} probabilities summing to {sum}");
    }
}
