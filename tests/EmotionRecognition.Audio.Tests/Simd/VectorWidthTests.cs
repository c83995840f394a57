using EmotionRecognition.Features;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Audio.Tests.Simd;

/// <summary>
/// Every vector width this CPU runs (128, 256 and, with AVX-512, 512 bits) against the scalar loops on real RAVDESS
/// speech and on lengths that are not a multiple of any width.
/// </summary>
public sealed class VectorWidthTests
{
    private static readonly Lazy<float[]> SeedClip = new(() => Clip(22050)[..FeatureSpec.Seed.SampleCount]);

    /// <summary>The accelerated widths of this process in bits, each a test case (the test names show which ran).</summary>
    public static TheoryData<int> Widths() => [.. SimdWidth.Supported.Where(w => w != VectorWidth.Scalar).Select(w => (int)w)];

    [Fact]
    public void ForcingAWidthHoldsOnThisThreadUntilDisposedAndRefusesWhatTheCpuLacks()
    {
        using (SimdWidth.Force(VectorWidth.Scalar))
        {
            Assert.Equal(VectorWidth.Scalar, SimdWidth.Current);
            VectorWidth other = default;
            var thread = new Thread(() => other = SimdWidth.Current);
            thread.Start();
            thread.Join();
            Assert.Equal(SimdWidth.Widest, other);
        }
        Assert.Equal(SimdWidth.Widest, SimdWidth.Current);
        if (SimdWidth.Widest != VectorWidth.Bits512)
            Assert.Throws<PlatformNotSupportedException>(() => SimdWidth.Force(VectorWidth.Bits512));
        Assert.Equal(VectorWidth.Bits256, SimdWidth.Fit<double>(VectorWidth.Bits512, 7));
        Assert.Equal(VectorWidth.Bits128, SimdWidth.Fit<float>(VectorWidth.Bits512, 7));
        Assert.Equal(VectorWidth.Scalar, SimdWidth.Fit<double>(VectorWidth.Bits128, 1));
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void SeedFeaturesOfARavdessClipEqualTheScalarOnes(int bits)
    {
        var width = (VectorWidth)bits;
        var extractor = new FeatureExtractor(FeatureSpec.Seed);
        var scalar = At(VectorWidth.Scalar, () => extractor.ExtractVector(SeedClip.Value));
        var vector = At(width, () => extractor.ExtractVector(SeedClip.Value));
        AssertClose(scalar, vector, 2e-4);
        // Sums in another order round differently: identical bits would mean the width never ran.
        Assert.False(scalar.AsSpan().SequenceEqual(vector), $"{width} gave the scalar path's bits exactly");
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void UtteranceFeaturesOfARavdessClipEqualTheScalarOnes(int bits)
    {
        var width = (VectorWidth)bits;
        var extractor = new FeatureExtractor(FeatureSpec.Utterance);
        var clip = Clip(FeatureSpec.Utterance.SampleRate);
        var scalar = At(VectorWidth.Scalar, () => extractor.ExtractUtterance(clip));
        var vector = At(width, () => extractor.ExtractUtterance(clip));
        Assert.Equal(scalar.Length, vector.Length);
        AssertClose(scalar, vector, 2e-4);
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void FramesOfOddLengthsEqualTheScalarOnes(int bits)
    {
        var width = (VectorWidth)bits;
        // Signal and spectrum lengths that leave a remainder at every width: ZCR, RMS, FFT, power and mel tails.
        foreach (var (length, fft) in new[] { (1003, 256), (4099, 512), (22051, 2048), (67, 64) })
        {
            var spec = FeatureSpec.Seed with { DurationSeconds = length / 22050.0, FrameLength = fft, HopLength = fft / 4 };
            var extractor = new FeatureExtractor(spec);
            var signal = SeedClip.Value[5000..(5000 + length)];
            var scalar = At(VectorWidth.Scalar, () => extractor.ExtractVector(signal));
            var vector = At(width, () => extractor.ExtractVector(signal));
            AssertClose(scalar, vector, 2e-4);
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void FftsOfEverySizeEqualTheScalarOnes(int bits)
    {
        var width = (VectorWidth)bits;
        for (var size = 4; size <= 4096; size *= 2)
        {
            var signal = SeedClip.Value.AsSpan(10000, size).ToArray();
            var input = Array.ConvertAll(signal, v => (double)v);
            var fft = RealFft<double>.ForSize(size);
            var (scalarRe, scalarIm) = At(VectorWidth.Scalar, () => Forward(fft, input));
            var (re, im) = At(width, () => Forward(fft, input));
            var scale = scalarRe.Concat(scalarIm).Max(Math.Abs);
            for (var k = 0; k <= size / 2; k++)
            {
                Assert.True(Math.Abs(scalarRe[k] - re[k]) <= 1e-12 * scale, $"size {size}, bin {k}: {scalarRe[k]} vs {re[k]}");
                Assert.True(Math.Abs(scalarIm[k] - im[k]) <= 1e-12 * scale, $"size {size}, bin {k}: {scalarIm[k]} vs {im[k]}");
            }
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void WindowedFftsOfEverySizeAreBitIdenticalToTransformsOfThePreWindowedSignal(int bits)
    {
        // The windowed transform's first pass (window, widen, bit reversal, first butterflies) has vector forms that do the scalar
        // pass's arithmetic in the same order, so at one width it must equal, to the last bit, the plain transform of the signal
        // windowed beforehand; the later stages are the same code in both.
        var width = (VectorWidth)bits;
        for (var size = 4; size <= 4096; size *= 2)
        {
            var signal = SeedClip.Value.AsSpan(10000, size).ToArray();
            var window = Array.ConvertAll(HannWindow.Periodic(size), v => (double)v);
            var windowed = signal.Select((v, i) => v * window[i]).ToArray();
            var fft = RealFft<double>.ForSize(size);
            var fused = At(width, () => WindowedForward(fft, signal, window));
            var (re, im) = At(width, () => Forward(fft, windowed));
            Assert.True(fused.SequenceEqual([.. re, .. im]), $"size {size}");
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Widths))]
    public void ResamplingARavdessClipEqualsTheScalarResult(int bits)
    {
        var width = (VectorWidth)bits;
        // 48 kHz to 22,050 Hz is polyphase, to 16,000 Hz the other polyphase ratio, 22,050 to 7,919 Hz interpolates.
        var original = AudioLoader.Load(SharedData.RavdessFiles()[3], new AudioLoadOptions { SampleRate = 48000 }).Samples[..48007];
        foreach (var (from, to) in new[] { (48000.0, 22050.0), (48000.0, 16000.0), (22050.0, 7919.0) })
        {
            var scalar = At(VectorWidth.Scalar, () => Resampler.Resample(original, from, to));
            var vector = At(width, () => Resampler.Resample(original, from, to));
            AssertClose(scalar, vector, 1e-5);
        }
    }

    private static float[] Clip(int sampleRate) =>
        AudioLoader.Load(SharedData.RavdessFiles()[7], new AudioLoadOptions { SampleRate = sampleRate }).Samples;

    private static (double[] Real, double[] Imaginary) Forward(RealFft<double> fft, double[] input)
    {
        var real = new double[fft.BinCount];
        var imaginary = new double[fft.BinCount];
        fft.Forward(input, real, imaginary);
        return (real, imaginary);
    }

    // Real parts then imaginary parts, one array.
    private static double[] WindowedForward(RealFft<double> fft, float[] signal, double[] window)
    {
        var real = new double[fft.BinCount];
        var imaginary = new double[fft.BinCount];
        fft.Forward(signal, window, real, imaginary);
        return [.. real, .. imaginary];
    }

    private static TResult At<TResult>(VectorWidth width, Func<TResult> compute)
    {
        using (SimdWidth.Force(width))
            return compute();
    }

    // Relative to the largest magnitude: MFCC, dB and RMS values share one vector.
    private static void AssertClose(float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var tolerance = relative * Math.Max(1e-6, expected.Max(Math.Abs));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"value {i}: {expected[i]} vs {actual[i]} (tolerance {tolerance})");
    }
}
