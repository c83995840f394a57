using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using EmotionRecognition.Pipeline;

namespace EmotionRecognition.Data;

/// <summary>
/// Turns clips into feature rows on all cores: load (librosa.load semantics), augment, extract, the same featurisation as
/// inference; every row goes through an optional <see cref="FeatureCache"/>.
/// </summary>
/// <remarks>
/// A clip's copy <c>i</c> draws its noise from a <see cref="Random"/> seeded by (run seed, the clip's content hash, <c>i</c>), so the
/// same data and seed give the same rows in any order, on any thread, from the cache or not.
/// </remarks>
public sealed class FeatureSetBuilder
{
    private readonly FeatureSpec _spec;
    private readonly string _specJson;
    private readonly FeatureExtractor _extractor;
    private readonly FeatureCache? _cache;

    /// <summary>Creates a builder.</summary>
    /// <param name="spec">The feature spec; <see cref="FeatureSpec.Seed"/> when null.</param>
    /// <param name="cache">Where vectors are kept between runs; none when null.</param>
    public FeatureSetBuilder(FeatureSpec? spec = null, FeatureCache? cache = null)
    {
        _spec = spec ?? FeatureSpec.Seed;
        _spec.Validate();
        if (_spec.IsVariableLength)
            throw new ArgumentException($"The {_spec.Layout} layout gives frames of every length, not rows; the utterance model builds them itself (UtteranceSession).", nameof(spec));
        _specJson = _spec.ToJson();
        _extractor = new FeatureExtractor(_spec);
        _cache = cache;
    }

    /// <summary>Extracts the rows of every clip, one per augmented copy, clip after clip in the given order.</summary>
    /// <param name="clips">The clips.</param>
    /// <param name="augmentation">The copies to make of each clip; <see cref="AugmentationPolicy.None"/> for test data.</param>
    /// <param name="seed">The run seed behind the noise draws.</param>
    /// <param name="progress">Told as clips finish.</param>
    /// <param name="cancellationToken">Stops the extraction (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="Audio.AudioFormatException">A clip cannot be decoded.</exception>
    public FeatureSet Build(IReadOnlyList<LabeledClip> clips, AugmentationPolicy augmentation, int seed = 42,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(augmentation);
        var copies = augmentation.Copies.Count;
        var rows = new float[clips.Count * copies][];
        int done = 0, fromCache = 0;
        Parallelism.For(clips.Count, i =>
        {
            var hits = ExtractClip(clips[i].Path, augmentation, seed, rows.AsSpan(i * copies, copies));
            Interlocked.Add(ref fromCache, hits);
            progress?.Report(new ExtractionProgress(Interlocked.Increment(ref done), clips.Count, Volatile.Read(ref fromCache)));
        }, cancellationToken);
        var labels = new int[rows.Length];
        var clipIndices = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            clipIndices[r] = r / copies;
            labels[r] = (int)clips[r / copies].Emotion;
        }
        return new FeatureSet(rows, labels, clipIndices);
    }

    /// <summary>Fills one row per copy; returns how many came from the cache.</summary>
    private int ExtractClip(string path, AugmentationPolicy augmentation, int seed, Span<float[]> destination)
    {
        var contentHash = FeatureCache.ContentHash(path);
        float[]? samples = null;
        var hits = 0;
        for (var copy = 0; copy < destination.Length; copy++)
        {
            var kind = augmentation.Copies[copy];
            var copySeed = CopySeed(seed, contentHash, copy);
            var key = FeatureCache.Key(contentHash, _specJson, Describe(augmentation, kind, copySeed));
            if (_cache is not null && _cache.TryRead(key, _spec.VectorLength, out var cached))
            {
                destination[copy] = cached;
                hits++;
                continue;
            }
            samples ??= SpeechFeaturization.LoadSamples(path, _spec);
            var signal = (augmentation with { Copies = [kind] }).Apply(samples, _spec.SampleRate, new Random(copySeed))[0];
            destination[copy] = _extractor.ExtractVector(signal);
            _cache?.Write(key, destination[copy]);
        }
        return hits;
    }

    /// <summary>The seed of a clip's copy: a hash of (run seed, content, copy index), stable across processes and platforms.</summary>
    internal static int CopySeed(int seed, string contentHash, int copy)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{contentHash}|{copy}")));
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue;
    }

    /// <summary>The cache-key part for one copy: its kind, the settings it uses, and the seed only where randomness enters.</summary>
    internal static string Describe(AugmentationPolicy policy, AugmentationKind kind, int copySeed) => kind switch
    {
        AugmentationKind.Original => "original",
        AugmentationKind.Noise => string.Create(CultureInfo.InvariantCulture, $"noise:{policy.NoiseFactor:R}:{copySeed}"),
        AugmentationKind.Pitch => string.Create(CultureInfo.InvariantCulture, $"pitch:{policy.PitchSemitones:R}"),
        AugmentationKind.PitchAndNoise => string.Create(CultureInfo.InvariantCulture, $"pitch+noise:{policy.PitchSemitones:R}:{policy.NoiseFactor:R}:{copySeed}"),
        AugmentationKind.Stretch => string.Create(CultureInfo.InvariantCulture, $"stretch:{policy.StretchRate:R}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown augmentation."),
    };
}
