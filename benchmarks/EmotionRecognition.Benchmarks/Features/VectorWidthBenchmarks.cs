using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Simd;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>
/// The feature kernels at every vector width this process runs (0 = the scalar loops, 128, 256, 512 bits): the seed
/// vector of a 2.5 s RAVDESS clip at 22,050 Hz, the utterance frames of a 3.5 s clip at 16 kHz, one 2,048-point double
/// FFT and the resampling of 2.5 s from 48 kHz. Which widths exist follows the CPU and DOTNET_EnableAVX512 / AVX2 / AVX.
/// </summary>
[MemoryDiagnoser]
public class VectorWidthBenchmarks
{
    private const int FftSize = 2048;
    private readonly FeatureExtractor _seed = new(FeatureSpec.Seed);
    private readonly FeatureExtractor _utterance = new(FeatureSpec.Utterance);
    private readonly float[] _vector = new float[FeatureSpec.Seed.VectorLength];
    private readonly RealFft<double> _fft = RealFft<double>.ForSize(FftSize);
    private readonly double[] _real = new double[FftSize / 2 + 1];
    private readonly double[] _imaginary = new double[FftSize / 2 + 1];
    private float[] _seedClip = [];
    private float[] _utteranceClip = [];
    private float[] _utteranceFrames = [];
    private float[] _clip48k = [];
    private float[] _resampled = [];
    private double[] _fftInput = [];
    private IDisposable? _forced;

    /// <summary>Register width in bits; 0 runs the scalar loops.</summary>
    [ParamsSource(nameof(Widths))]
    public int Bits { get; set; }

    /// <summary>The widths this process accelerates, scalar first.</summary>
    public static IEnumerable<int> Widths() => SimdWidth.Supported.Select(w => (int)w);

    [GlobalSetup]
    public void Setup()
    {
        // BenchmarkDotNet runs the setup and the workload on one thread, which is what a forced width holds for.
        _forced = SimdWidth.Force((VectorWidth)Bits);
        var file = SharedData.RavdessFiles()[0];
        _seedClip = AudioLoader.Load(file, FeatureSpec.Seed.ToLoadOptions()).Samples;
        _utteranceClip = AudioLoader.Load(file, new AudioLoadOptions { SampleRate = FeatureSpec.Utterance.SampleRate, Duration = 3.5 }).Samples;
        _utteranceFrames = new float[FeatureSpec.Utterance.VectorLength];
        _clip48k = AudioLoader.Load(file, new AudioLoadOptions { SampleRate = 48000, Duration = 2.5 }).Samples;
        _resampled = new float[Resampler.GetOutputLength(_clip48k.Length, 48000, 22050)];
        _fftInput = Array.ConvertAll(_seedClip[..FftSize], v => (double)v);
    }

    [GlobalCleanup]
    public void Cleanup() => _forced?.Dispose();

    /// <summary>ZCR + RMS + 20 MFCC (2,376 values) of the 2.5 s clip into a reused buffer.</summary>
    [Benchmark(Baseline = true)]
    public void SeedVector() => _seed.ExtractVector(_seedClip, _vector);

    /// <summary>64 log-mel bands every 10 ms of the trimmed 3.5 s clip at 16 kHz into a reused buffer.</summary>
    [Benchmark]
    public int UtteranceFrames() => _utterance.ExtractFrames(_utteranceClip, _utteranceFrames);

    /// <summary>One real FFT of 2,048 samples in double precision (108 of them make the seed vector).</summary>
    [Benchmark]
    public void Fft2048() => _fft.Forward(_fftInput, _real, _imaginary);

    /// <summary>2.5 s of 48 kHz audio to 22,050 Hz (<c>Best</c>, polyphase).</summary>
    [Benchmark]
    public int Resample48kTo22050() => Resampler.Resample(_clip48k, _resampled, 48000, 22050);
}
