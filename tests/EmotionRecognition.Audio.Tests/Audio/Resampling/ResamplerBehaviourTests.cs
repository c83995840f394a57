using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>Irrational ratios, librosa's length rule, streaming edge cases and argument checks.</summary>
[Collection(AllocationSensitiveCollection.Name)]
public class ResamplerBehaviourTests
{
    // librosa.effects.pitch_shift(n_steps=0.7) resamples from 22050 / 2^(-0.7/12) Hz to 22050 Hz.
    private static readonly double PitchRate = 22050 / Math.Pow(2, -0.7 / 12);

    [Theory]
    [InlineData(ResamplerQuality.Best, -90)]
    [InlineData(ResamplerQuality.Fast, -70)]
    public void ToneKeepsFrequencyAndAmplitudeAcrossIrrationalRatios(ResamplerQuality quality, double maxResidualDb)
    {
        foreach (var (from, to) in new[] { (PitchRate, 22050.0), (22050.0, PitchRate) })
        {
            var y = Resampler.Resample(Signals.Sine(440, from, (int)from), from, to, quality);
            var (amplitude, residual) = Signals.FitSine(y.AsSpan(400, y.Length - 800), 440, to);
            // A frequency off by 0.01 Hz would leave a residual near -30 dB over this one-second span.
            Assert.InRange(20 * Math.Log10(amplitude / 0.5), -0.01, 0.01);
            Assert.InRange(20 * Math.Log10(residual / (0.5 / Math.Sqrt(2))), -200, maxResidualDb);
        }
    }

    [Theory]
    [InlineData(48000, 22050, 64000)]  // whole: 29400
    [InlineData(48000, 22050, 12345)]  // 5670.84: resampy computes 5670, librosa pads to 5671
    [InlineData(16000, 22050, 999)]
    [InlineData(22050, 16000, 1001)]
    public void LengthFollowsLibrosaAndPaddedTailIsZero(double from, double to, int length)
    {
        var input = Signals.Sine(440, from, length);
        var y = Resampler.Resample(input, from, to);
        var exact = length * (to / from);
        Assert.Equal((int)Math.Ceiling(exact), y.Length);
        Assert.Equal(y.Length, Resampler.GetOutputLength(length, from, to));
        if (exact != Math.Floor(exact))
            Assert.Equal(0f, y[^1]);
        Assert.NotEqual(0f, y[^2]);
    }

    [Fact]
    public void EqualRatesReturnACopy()
    {
        var x = Signals.Sine(300, 22050, 1000);
        var y = Resampler.Resample(x, 22050, 22050);
        Assert.NotSame(x, y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void EmptyInputGivesEmptyOutput()
    {
        Assert.Empty(Resampler.Resample(ReadOnlySpan<float>.Empty, 48000, 22050));
        var streaming = new StreamingResampler(48000, 22050);
        Assert.Equal(0, streaming.Process(ReadOnlySpan<float>.Empty, Span<float>.Empty));
        Assert.Equal(0, streaming.GetFlushLength());
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(22959.83046339248, 22050)]
    [InlineData(22050, 16000)]
    [InlineData(8000, 22050)]
    [InlineData(48000, 8000)]
    [InlineData(44100, 22051)] // 22051/44100 does not reduce: too many phases for a bank, so it interpolates
    public void StreamingEqualsOneShotForAnyRatio(double from, double to)
    {
        var x = Npy.Read(Path.Combine(SharedData.Fixture("c_44100_stereo_s16"), "native.npy")).ToFloat()[..30011];
        var oneShot = Resampler.Resample(x, from, to);
        var streaming = new StreamingResampler(from, to);
        Assert.Equal(oneShot, Signals.StreamInRandomBlocks(x, streaming, seed: 7, maxBlock: 5000));
        streaming.Reset();
        Assert.Equal(oneShot, Signals.StreamInRandomBlocks(x, streaming, seed: 8, maxBlock: 200));
    }

    [Fact]
    public void StreamingRejectsShortDestinationsAndUseAfterFlush()
    {
        var streaming = new StreamingResampler(16000, 22050);
        var input = Signals.Sine(200, 16000, 1000);
        var needed = streaming.GetOutputLength(input.Length);
        Assert.True(needed > 0);
        Assert.Throws<ArgumentException>(() => streaming.Process(input, new float[needed - 1]));
        Assert.Equal(needed, streaming.Process(input, new float[needed]));
        Assert.Throws<ArgumentException>(() => streaming.Flush(new float[streaming.GetFlushLength() - 1]));
        Assert.Equal(Resampler.GetOutputLength(1000, 16000, 22050) - needed, streaming.Flush(new float[4096]));
        Assert.Throws<InvalidOperationException>(() => streaming.Process(input, new float[4096]));
    }

    [Fact]
    public void StreamingGivesEachTenthOfASecondItsExactOutputLength()
    {
        // That a block allocates nothing is measured by StreamingResampleBenchmarks (MemoryDiagnoser), not asserted here.
        var streaming = new StreamingResampler(48000, 22050);
        var block = Signals.Sine(440, 48000, 4800);
        var output = new float[4800];
        streaming.Process(block, output); // the first block also fills the filter's history
        var written = 0L;
        for (var i = 0; i < 200; i++) // 20 s of audio
            written += streaming.Process(block, output);
        Assert.Equal(200 * 2205, written);
    }

    [Fact]
    public void ConcurrentCallsShareTablesSafely()
    {
        var x = Signals.Sine(1000, 48000, 24000);
        var rates = new[] { 47999.0, 22050, 16000, 31234.5, 22050 * Math.Pow(2, 0.3 / 12) };
        var serial = rates.Select(r => Resampler.Resample(x, 48000, r)).ToArray();
        var parallel = new float[rates.Length * 4][];
        Parallel.For(0, parallel.Length, i => parallel[i] = Resampler.Resample(x, 48000, rates[i % rates.Length]));
        for (var i = 0; i < parallel.Length; i++)
            Assert.Equal(serial[i % rates.Length], parallel[i]);
    }

    [Fact]
    public void RejectsRatiosBeyondTheTableResolution()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[100_000], 48000, 90, ResamplerQuality.Fast));
        Assert.Equal(209, Resampler.Resample(new float[100_000], 48000, 100, ResamplerQuality.Fast).Length);
    }

    [Theory]
    [InlineData(0, 22050)]
    [InlineData(-1, 22050)]
    [InlineData(double.NaN, 22050)]
    [InlineData(48000, double.PositiveInfinity)]
    public void RejectsInvalidRates(double from, double to)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[10], from, to));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(from, to));
    }
}
