using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;

namespace EmotionRecognition.Benchmarks.Audio;

/// <summary>
/// The audio road as the seed pipeline walks it, on real files: decode + resample (librosa.load) and the full path to the
/// 2,376-value vector. librosa takes about 50 ms for load + resample of the 48 kHz window and about 86 ms with features.
/// </summary>
[MemoryDiagnoser]
public class LoadPathBenchmarks
{
    private static readonly AudioLoadOptions SeedWindow = FeatureSpec.Seed.ToLoadOptions();
    private readonly FeatureExtractor _extractor = new(FeatureSpec.Seed);
    private readonly float[] _vector = new float[FeatureSpec.Seed.VectorLength];
    private byte[] _stereo48k = [];
    private byte[] _flac = [];

    [GlobalSetup]
    public void Setup()
    {
        // 3.6 s, 48 kHz, 16-bit stereo original and a 22,050 Hz mono FLAC of the same corpus.
        _stereo48k = File.ReadAllBytes(BenchmarkData.Shared("data", "ravdess-48k", "03-01-02-01-01-02-01.wav"));
        _flac = File.ReadAllBytes(BenchmarkData.Shared("data", "ravdess", "Actor_01", "03-01-05-02-01-01-01.flac"));
    }

    /// <summary>Decode + average + resample the 2.5 s window (offset 0.6 s) of the 48 kHz stereo WAV to 22,050 Hz.</summary>
    [Benchmark(Baseline = true)]
    public int Wav48kWindowTo22050() => AudioLoader.Load(Memory(_stereo48k), SeedWindow).Samples.Length;

    /// <summary>Decode + average + resample the whole 48 kHz stereo WAV (3.6 s) to 22,050 Hz.</summary>
    [Benchmark]
    public int Wav48kWholeFileTo22050() => AudioLoader.Load(Memory(_stereo48k)).Samples.Length;

    /// <summary>The 2.5 s window of a RAVDESS FLAC (already 22,050 Hz: decoding only).</summary>
    [Benchmark]
    public int FlacWindow() => AudioLoader.Load(Memory(_flac), SeedWindow).Samples.Length;

    /// <summary>The full seed path from the 48 kHz file: load, resample, ZCR + RMS + MFCC vector.</summary>
    [Benchmark]
    public float Wav48kToFeatureVector()
    {
        _extractor.ExtractVector(AudioLoader.Load(Memory(_stereo48k), SeedWindow).Samples, _vector);
        return _vector[0];
    }

    private static MemoryStream Memory(byte[] bytes) => new(bytes, writable: false);
}
