using BenchmarkDotNet.Attributes;
using EmotionRecognition.Features;
using MathNet.Numerics.IntegralTransforms;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>Real FFT of 2,048 samples: ours (single and double precision) against MathNet.Numerics.</summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private const int Size = 2048;
    private readonly float[] _input = SyntheticSpeech.Create(Size);
    private readonly float[] _real = new float[Size / 2 + 1];
    private readonly float[] _imaginary = new float[Size / 2 + 1];
    private readonly double[] _inputDouble = new double[Size];
    private readonly double[] _realDouble = new double[Size / 2 + 1];
    private readonly double[] _imaginaryDouble = new double[Size / 2 + 1];
    private readonly float[] _mathNetBuffer = new float[Size + 2];
    private readonly double[] _mathNetBufferDouble = new double[Size + 2];
    private readonly RealFft<float> _single = RealFft<float>.ForSize(Size);
    private readonly RealFft<double> _double = RealFft<double>.ForSize(Size);

    [GlobalSetup]
    public void Setup()
    {
        // Compare single-threaded work: the feature extractor parallelises across clips, not inside an FFT.
        MathNet.Numerics.Control.UseSingleThread();
        for (var i = 0; i < Size; i++) _inputDouble[i] = _input[i];
    }

    [Benchmark(Baseline = true)]
    public void OursSingle() => _single.Forward(_input, _real, _imaginary);

    [Benchmark]
    public void OursDouble() => _double.Forward(_inputDouble, _realDouble, _imaginaryDouble);

    [Benchmark]
    public void MathNetSingle()
    {
        _input.CopyTo(_mathNetBuffer, 0);
        Fourier.ForwardReal(_mathNetBuffer, Size, FourierOptions.NoScaling);
    }

    [Benchmark]
    public void MathNetDouble()
    {
        _inputDouble.CopyTo(_mathNetBufferDouble, 0);
        Fourier.ForwardReal(_mathNetBufferDouble, Size, FourierOptions.NoScaling);
    }
}
