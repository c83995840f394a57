using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;
using NWaves.FeatureExtractors;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>
/// Our MFCC pipeline beside NWaves 0.9.6's on the same 2.5 s RAVDESS clip at 22,050 Hz (the seed spec: 108 frames of 2048
/// samples every 512, 128 Slaney mel bands, dB, orthonormal DCT-II, 20 coefficients). Ours: the 20 MFCCs of every frame
/// (<see cref="FeatureExtractor.Extract"/>, which also keeps the mel and log-mel matrices) and the seed vector (ZCR + RMS + MFCC,
/// no allocation). NWaves: <c>MfccExtractor</c> set as close to librosa as its options reach (<see cref="NWavesMfcc"/>).
/// </summary>
[Config(typeof(NWavesConfig))]
[MemoryDiagnoser]
public class NWavesMfccBenchmarks
{
    private readonly FeatureExtractor _ours = new(FeatureSpec.Seed);
    private MfccExtractor _nwaves = null!;
    private float[] _clip = [];
    private float[] _vector = [];

    [GlobalSetup]
    public void Setup()
    {
        _clip = AudioLoader.Load(SharedData.RavdessFiles()[0], FeatureSpec.Seed.ToLoadOptions()).Samples;
        Array.Resize(ref _clip, FeatureSpec.Seed.SampleCount);
        _vector = new float[_ours.VectorLength];
        _nwaves = NWavesMfcc.Create();
        if (NWavesMfcc.Compute(_nwaves, _clip).Count != _ours.Extract(_clip).Frames)
            throw new InvalidOperationException("NWaves and our extractor frame the clip differently.");
    }

    [Benchmark(Baseline = true)]
    public FeatureFrames OursMfccFrames() => _ours.Extract(_clip);

    [Benchmark]
    public void OursSeedVector() => _ours.ExtractVector(_clip, _vector);

    /// <summary>Includes centring the clip (one 57,173-value copy), which NWaves leaves to the caller.</summary>
    [Benchmark]
    public List<float[]> NWavesMfccFrames() => NWavesMfcc.Compute(_nwaves, _clip);

    private sealed class NWavesConfig : ManualConfig
    {
        public NWavesConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
