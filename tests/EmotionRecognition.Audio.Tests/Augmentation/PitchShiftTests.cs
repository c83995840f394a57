using EmotionRecognition.Audio.Tests.Features;
using EmotionRecognition.Augmentation;

namespace EmotionRecognition.Audio.Tests.Augmentation;

public class PitchShiftTests
{
    [Fact]
    public void StretchesThenResamplesFromTheRaisedRateAndKeepsTheLength()
    {
        // The real resampler is wired at merge; here a recording stub checks the rates and the length fix.
        var signal = LibrosaFixture.Get("b_22050_mono_s16").Signal;
        var rate = Math.Pow(2, -0.7 / 12);
        double? inputRate = null, outputRate = null;
        int? inputLength = null;
        var original = PitchShift.Resample;
        try
        {
            PitchShift.Resample = (input, from, to) =>
            {
                (inputRate, outputRate, inputLength) = (from, to, input.Length);
                return input.ToArray();
            };
            var shifted = PitchShift.Apply(signal, 22050, 0.7);
            Assert.Equal(signal.Length, shifted.Length);
            Assert.Equal(22050 / rate, inputRate!.Value, 1e-9);
            Assert.Equal(22050, outputRate);
            Assert.Equal((int)Math.Round(signal.Length / rate, MidpointRounding.ToEven), inputLength);
            Assert.Equal(TimeStretch.Apply(signal, rate).AsSpan(0, signal.Length).ToArray(), shifted);
        }
        finally
        {
            PitchShift.Resample = original;
        }
    }
}
