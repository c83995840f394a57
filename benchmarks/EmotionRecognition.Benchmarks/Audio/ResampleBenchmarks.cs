using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Benchmarks.Audio;

/// <summary>One 2.5 s clip resampled to 22,050 Hz, as librosa.load does for non-22.05 kHz files.</summary>
[MemoryDiagnoser]
[MinColumn]
public class ResampleBenchmarks
{
    private const double TargetRate = 22050;
    private float[] _input = [];
    private float[] _output = [];

    [Params(48000, 44100, 22959.83046339248)]
    public double InputRate { get; set; }

    [Params(ResamplerQuality.Best, ResamplerQuality.Fast)]
    public ResamplerQuality Quality { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _input = new float[(int)(2.5 * InputRate)];
        for (var i = 0; i < _input.Length; i++)
            _input[i] = (float)(0.3 * Math.Sin(i * 0.05) + 0.1 * (random.NextDouble() - 0.5));
        _output = new float[Resampler.GetOutputLength(_input.Length, InputRate, TargetRate)];
        Resampler.Resample(_input, _output, InputRate, TargetRate, Quality); // builds and caches the filter bank
    }

    /// <summary>Into a reused buffer: what a feature pipeline does per clip.</summary>
    [Benchmark]
    public int IntoBuffer() => Resampler.Resample(_input, _output, InputRate, TargetRate, Quality);
}
