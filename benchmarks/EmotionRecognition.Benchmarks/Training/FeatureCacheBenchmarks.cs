using BenchmarkDotNet.Attributes;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;

namespace EmotionRecognition.Benchmarks.Training;

/// <summary>
/// Turning 36 RAVDESS clips (actors 01–03, the first 12 each) into training rows on all cores: cold (an empty cache: decode,
/// augment, extract, store) against warm (every row already cached: hash the file, read the entry).
/// </summary>
[Config(typeof(FeatureCacheConfig))]
public class FeatureCacheBenchmarks
{
    private static readonly string[] Actors = ["01", "02", "03"];

    private IReadOnlyList<LabeledClip> _clips = [];
    private string _root = "";
    private FeatureCache _warm = null!;
    private FeatureCache _cold = null!;

    /// <summary>Rows per clip: the original only, or the seed's four copies.</summary>
    [Params("none", "seed")]
    public string Augmentation { get; set; } = "none";

    private AugmentationPolicy Policy => Augmentation == "seed" ? AugmentationPolicy.Seed : AugmentationPolicy.None;

    [GlobalSetup]
    public void Setup()
    {
        var ravdess = Path.Combine(FindShared(), "data", "ravdess");
        _clips = Actors.SelectMany(a => Corpus.Load(Path.Combine(ravdess, "Actor_" + a)).Take(12)).ToArray();
        _root = Path.Combine(Path.GetTempPath(), $"feature-cache-bench-{Guid.NewGuid():N}");
        _warm = new FeatureCache(Path.Combine(_root, "warm"));
        new FeatureSetBuilder(cache: _warm).Build(_clips, Policy);
    }

    [IterationSetup(Target = nameof(Cold))]
    public void EmptyCache() => _cold = new FeatureCache(Path.Combine(_root, Guid.NewGuid().ToString("N")));

    [Benchmark(Baseline = true)]
    public int Cold() => new FeatureSetBuilder(cache: _cold).Build(_clips, Policy).Count;

    [Benchmark]
    public int Warm() => new FeatureSetBuilder(cache: _warm).Build(_clips, Policy).Count;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EmotionRecognition.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        throw new DirectoryNotFoundException("EmotionRecognition.sln was not found above " + AppContext.BaseDirectory);
    }

    private sealed class FeatureCacheConfig : TorchJobConfig
    {
        // In-process (see TorchJobConfig); one invocation per iteration because a cold build must start from an empty cache each time.
        public FeatureCacheConfig()
            : base(iterations: 5, timeout: TimeSpan.FromMinutes(20))
        {
        }
    }
}
