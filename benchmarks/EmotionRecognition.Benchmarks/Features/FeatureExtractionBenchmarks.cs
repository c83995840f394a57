using BenchmarkDotNet.Attributes;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>Seed features (ZCR, RMS, 20 MFCCs; 2,376 values) of a preloaded 2.5 s clip at 22,050 Hz.</summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private readonly FeatureExtractor _extractor = new(FeatureSpec.Seed);
    private float[] _clip = [];
    private float[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        _clip = SyntheticSpeech.Create(FeatureSpec.Seed.SampleCount);
        _destination = new float[_extractor.VectorLength];
    }

    /// <summary>The hot path: no allocation per call after warm-up.</summary>
    [Benchmark(Baseline = true)]
    public void ExtractVectorIntoSpan() => _extractor.ExtractVector(_clip, _destination);

    /// <summary>Per-frame parts with mel and log-mel copies (the CLI's JSON output).</summary>
    [Benchmark]
    public FeatureFrames ExtractFrames() => _extractor.Extract(_clip);

    /// <summary>librosa time_stretch(rate=0.8) of the clip.</summary>
    [Benchmark]
    public float[] TimeStretch08() => TimeStretch.Apply(_clip, 0.8);
}
