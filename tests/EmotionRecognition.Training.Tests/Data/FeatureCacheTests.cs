using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Data;

public class FeatureCacheTests
{
    private static readonly LabeledClip[] Clips = Corpus.Load(Path.Combine(SharedData.Ravdess, "Actor_05")).Take(3).ToArray();

    private sealed class Recorder : IProgress<ExtractionProgress>
    {
        public int MaxFromCache;
        public void Report(ExtractionProgress value) { lock (this) MaxFromCache = Math.Max(MaxFromCache, value.FromCache); }
    }

    private static (FeatureSet Set, int FromCache) Build(FeatureCache cache, IReadOnlyList<LabeledClip> clips, AugmentationPolicy policy,
        FeatureSpec? spec = null, int seed = 42)
    {
        var recorder = new Recorder();
        var set = new FeatureSetBuilder(spec, cache).Build(clips, policy, seed, recorder);
        return (set, recorder.MaxFromCache);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SecondBuildReadsIdenticalVectorsFromTheCache()
    {
        var cache = new FeatureCache(SharedData.NewTempDirectory("cache"));
        var (cold, coldHits) = Build(cache, Clips, AugmentationPolicy.Seed);
        var (warm, warmHits) = Build(cache, Clips, AugmentationPolicy.Seed);

        Assert.Equal(0, coldHits);
        Assert.Equal(12, warmHits);
        Assert.Equal(12, cold.Count);
        for (var r = 0; r < cold.Count; r++) Assert.Equal(cold.Rows[r], warm.Rows[r]);
        // Without a cache the same rows come out: the cache stores, it does not change.
        var uncached = new FeatureSetBuilder().Build(Clips, AugmentationPolicy.Seed);
        for (var r = 0; r < cold.Count; r++) Assert.Equal(cold.Rows[r], uncached.Rows[r]);
        // Copies differ from each other (noise, pitch), and rows carry their clip's label.
        Assert.NotEqual(cold.Rows[0], cold.Rows[1]);
        Assert.Equal(Enumerable.Repeat((int)Clips[1].Emotion, 4), cold.Labels.Skip(4).Take(4));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], cold.ClipIndices);
    }

    [RequiresFact(Requirement.SharedData)]
    public void EntriesAreKeyedByContentNotPath()
    {
        var cache = new FeatureCache(SharedData.NewTempDirectory("cache"));
        var original = Clips[0];
        Build(cache, [original], AugmentationPolicy.None);

        var copy = Path.Combine(SharedData.NewTempDirectory("moved"), "renamed.flac");
        File.Copy(original.Path, copy);
        var (set, hits) = Build(cache, [original with { Path = copy }], AugmentationPolicy.None);
        Assert.Equal(1, hits);
        Assert.Equal(new FeatureSetBuilder().Build([original], AugmentationPolicy.None).Rows[0], set.Rows[0]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DamagedEntryIsRecomputedNotTrusted()
    {
        var cache = new FeatureCache(SharedData.NewTempDirectory("cache"));
        var (good, _) = Build(cache, [Clips[0]], AugmentationPolicy.None);
        var entry = Assert.Single(Directory.GetFiles(cache.Directory, "*.bin", SearchOption.AllDirectories));

        var bytes = File.ReadAllBytes(entry);
        bytes[100] ^= 0x40;                       // one flipped bit inside the vector
        File.WriteAllBytes(entry, bytes);
        var (flipped, flippedHits) = Build(cache, [Clips[0]], AugmentationPolicy.None);
        Assert.Equal(0, flippedHits);
        Assert.Equal(good.Rows[0], flipped.Rows[0]);

        File.WriteAllBytes(entry, bytes[..50]);   // a truncated file
        var (truncated, truncatedHits) = Build(cache, [Clips[0]], AugmentationPolicy.None);
        Assert.Equal(0, truncatedHits);
        Assert.Equal(good.Rows[0], truncated.Rows[0]);

        // The recomputed entry replaced the damaged one.
        Assert.Equal(1, Build(cache, [Clips[0]], AugmentationPolicy.None).FromCache);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DifferentSpecAugmentationOrSeedMakeDifferentEntries()
    {
        var cache = new FeatureCache(SharedData.NewTempDirectory("cache"));
        var noise = new AugmentationPolicy { Copies = [AugmentationKind.Noise] };
        var (baseline, _) = Build(cache, [Clips[0]], noise, seed: 1);

        var (otherSeed, otherSeedHits) = Build(cache, [Clips[0]], noise, seed: 2);
        Assert.Equal(0, otherSeedHits);
        Assert.NotEqual(baseline.Rows[0], otherSeed.Rows[0]);

        var (otherKind, otherKindHits) = Build(cache, [Clips[0]], AugmentationPolicy.None, seed: 1);
        Assert.Equal(0, otherKindHits);
        Assert.NotEqual(baseline.Rows[0], otherKind.Rows[0]);

        var (louder, louderHits) = Build(cache, [Clips[0]], noise with { NoiseFactor = 0.1 }, seed: 1);
        Assert.Equal(0, louderHits);
        Assert.NotEqual(baseline.Rows[0], louder.Rows[0]);

        var shorter = FeatureSpec.Seed with { DurationSeconds = 2.0 };
        var (otherSpec, otherSpecHits) = Build(cache, [Clips[0]], noise, shorter, seed: 1);
        Assert.Equal(0, otherSpecHits);
        Assert.Equal(shorter.VectorLength, otherSpec.Rows[0].Length);

        Assert.Equal(5, Directory.GetFiles(cache.Directory, "*.bin", SearchOption.AllDirectories).Length);
        // The seed still hits where nothing changed.
        Assert.Equal(1, Build(cache, [Clips[0]], noise, seed: 1).FromCache);
    }
}
