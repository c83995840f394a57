using Xunit.Abstractions;

namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>
/// Frequency response with pure tones: pass-band gain, spurious content (aliases, images, interpolation
/// error) left after fitting the tone, and how much of a tone above the output Nyquist survives.
/// The bounds are what resampy's filters give (docs/resampling.md lists the measured values).
/// </summary>
public class ResamplerSweepTests(ITestOutputHelper output)
{
    private const double Amplitude = 0.5;
    private const int Edge = 400; // output samples skipped at each end, beyond the filter's reach
    private const int PassTones = 40;

    [Theory]
    // in, out, quality, pass-band edge (× Nyquist), ripple dB, spurious dB, rejection dB
    [InlineData(48000, 22050, ResamplerQuality.Best, 0.85, 0.01, -90, 95)]
    [InlineData(44100, 22050, ResamplerQuality.Best, 0.85, 0.01, -125, 120)]
    [InlineData(16000, 22050, ResamplerQuality.Best, 0.85, 0.01, -120, 0)]
    [InlineData(48000, 22050, ResamplerQuality.Fast, 0.75, 0.01, -65, 75)]
    [InlineData(16000, 22050, ResamplerQuality.Fast, 0.75, 0.01, -90, 0)]
    public void FrequencyResponseMeetsKaiserDesign(double inputRate, double outputRate, ResamplerQuality quality,
        double passEdge, double maxRippleDb, double maxSpuriousDb, double minRejectionDb)
    {
        var nyquist = Math.Min(inputRate, outputRate) / 2;
        double worstRipple = 0, worstSpurious = double.NegativeInfinity;
        for (var k = 1; k <= PassTones; k++)
        {
            var (gainDb, spuriousDb) = PassTone(passEdge * k / PassTones * nyquist, inputRate, outputRate, quality);
            worstRipple = Math.Max(worstRipple, Math.Abs(gainDb));
            worstSpurious = Math.Max(worstSpurious, spuriousDb);
        }
        // Tones in the transition band and up to the input Nyquist must not leave images or aliases either.
        for (var relative = passEdge + 0.02; relative < 0.99 * inputRate / 2 / nyquist && relative < 1; relative += 0.02)
            worstSpurious = Math.Max(worstSpurious, PassTone(relative * nyquist, inputRate, outputRate, quality).SpuriousDb);
        output.WriteLine($"{inputRate}->{outputRate} {quality}: ripple {worstRipple:F4} dB up to {passEdge} x Nyquist, worst spurious {worstSpurious:F1} dB");
        Assert.InRange(worstRipple, 0, maxRippleDb);
        Assert.InRange(worstSpurious, -200, maxSpuriousDb);

        if (outputRate >= inputRate)
            return;
        var worstLeak = double.NegativeInfinity;
        for (var relative = 1.0; relative * nyquist < 0.98 * inputRate / 2 && relative <= 2; relative += 0.04)
            worstLeak = Math.Max(worstLeak, StopTone(relative * nyquist, inputRate, outputRate, quality));
        output.WriteLine($"{inputRate}->{outputRate} {quality}: stop-band rejection {-worstLeak:F1} dB from 1.0 x output Nyquist");
        Assert.InRange(-worstLeak, minRejectionDb, 200);
    }

    [Fact]
    public void TransitionBandSitsAtTheRollOff()
    {
        // kaiser_best's sinc cuts off at 0.917 of Nyquist: half amplitude there, most of it at 0.88, little at 0.95.
        double Gain(double relative) => PassTone(relative * 11025, 44100, 22050, ResamplerQuality.Best).GainDb;
        Assert.InRange(Gain(0.917347), -6.6, -5.4);
        Assert.InRange(Gain(0.88), -1, -0.01);
        Assert.InRange(Gain(0.95), -40, -10);
    }

    private static (double GainDb, double SpuriousDb) PassTone(double frequency, double inputRate, double outputRate, ResamplerQuality quality)
    {
        var y = Resampler.Resample(Signals.Sine(frequency, inputRate, (int)inputRate, Amplitude), inputRate, outputRate, quality);
        var (amplitude, residual) = Signals.FitSine(y.AsSpan(Edge, y.Length - 2 * Edge), frequency, outputRate);
        return (20 * Math.Log10(amplitude / Amplitude), 20 * Math.Log10(residual / (Amplitude / Math.Sqrt(2))));
    }

    private static double StopTone(double frequency, double inputRate, double outputRate, ResamplerQuality quality)
    {
        var y = Resampler.Resample(Signals.Sine(frequency, inputRate, (int)inputRate, Amplitude), inputRate, outputRate, quality);
        return 20 * Math.Log10(Signals.Rms(y.AsSpan(Edge, y.Length - 2 * Edge)) / (Amplitude / Math.Sqrt(2)));
    }
}
