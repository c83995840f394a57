using System.Numerics.Tensors;
using EmotionRecognition.Audio;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Augmentation;

public sealed class ChannelSimulationTests
{
    private const int Rate = 16000;

    private static float[] Speech() => AudioLoader.Load(SharedData.RavdessFiles()[210], new AudioLoadOptions { SampleRate = Rate }).Samples;

    // Share of the signal's energy above a frequency, from its spectrum.
    private static double EnergyAbove(float[] signal, double hertz)
    {
        var (real, imaginary, frames) = new Stft<double>(512, 256).Forward(signal);
        double above = 0, total = 0;
        for (var t = 0; t < frames; t++)
            for (var k = 0; k < 257; k++)
            {
                var p = real[t * 257 + k] * real[t * 257 + k] + imaginary[t * 257 + k] * imaginary[t * 257 + k];
                total += p;
                if (k * Rate / 512.0 > hertz) above += p;
            }
        return above / total;
    }

    [RequiresFact(Requirement.SharedData)]
    public void BandLimitingTo8kHzRemovesWhatATelephoneCannotCarry()
    {
        var speech = Speech();
        var narrow = ChannelSimulation.BandLimit(speech, Rate, 8000);
        Assert.Equal(speech.Length, narrow.Length);
        Assert.True(EnergyAbove(speech, 4200) > 1e-3, "RAVDESS speech has energy above 4.2 kHz");
        Assert.True(EnergyAbove(narrow, 4200) < 1e-5);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NoiseLandsAtTheRequestedSignalToNoiseRatio()
    {
        var speech = Speech();
        var noisy = ChannelSimulation.AddNoise(speech, 20, new Random(3));
        var noise = new float[speech.Length];
        TensorPrimitives.Subtract(noisy, speech, noise);
        var snr = 10 * Math.Log10(TensorPrimitives.SumOfSquares<float>(speech) / TensorPrimitives.SumOfSquares<float>(noise));
        Assert.InRange(snr, 19.8, 20.2);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ReverberationSmearsTheSignalInTimeAndKeepsItsPeak()
    {
        var speech = Speech();
        var wet = ChannelSimulation.Reverberate(speech, Rate, new Random(4), 0.4, 0.4);
        Assert.Equal(Math.Abs(TensorPrimitives.MaxMagnitude<float>(speech)), Math.Abs(TensorPrimitives.MaxMagnitude<float>(wet)), 4);
        // Energy lingers after the last word: the final 50 ms carry more of the clip's energy than in the dry clip.
        var end = speech.Length - Rate / 20;
        double Tail(float[] s) => TensorPrimitives.SumOfSquares<float>(s.AsSpan(end)) / TensorPrimitives.SumOfSquares<float>(s);
        Assert.True(Tail(wet) > Tail(speech));
        Assert.True(float.IsFinite(TensorPrimitives.Sum<float>(wet)));
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheEqualiserChangesLevelsBySeedAndStaysFinite()
    {
        var speech = Speech();
        var a = ChannelSimulation.Equalize(speech, Rate, new Random(1));
        var b = ChannelSimulation.Equalize(speech, Rate, new Random(1));
        var c = ChannelSimulation.Equalize(speech, Rate, new Random(2));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var gainDb = 10 * Math.Log10(TensorPrimitives.SumOfSquares<float>(a) / TensorPrimitives.SumOfSquares<float>(speech));
        Assert.InRange(gainDb, -12.5, 12.5);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SpeedPerturbationShortensOrLengthensTheClip()
    {
        var speech = Speech();
        Assert.InRange(ChannelSimulation.ChangeSpeed(speech, Rate, 1.1).Length, speech.Length / 1.1 - 2, speech.Length / 1.1 + 2);
        Assert.InRange(ChannelSimulation.ChangeSpeed(speech, Rate, 0.9).Length, speech.Length / 0.9 - 2, speech.Length / 0.9 + 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelSimulation.ChangeSpeed(speech, Rate, 0));
    }
}
