using EmotionRecognition.Audio.Tests.Audio.Resampling;
using EmotionRecognition.Audio.Tests.Features;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Augmentation;

public class PitchShiftTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Folders() => LibrosaFixture.AugmentedNames();

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Folders))]
    public void MatchesLibrosaPitchShiftOfSevenTenthsOfASemitone(string folder)
    {
        var fixture = LibrosaFixture.Get(folder);
        var shifted = PitchShift.Apply(fixture.Signal, 22050, 0.7);
        var expected = fixture.Array("aug_pitch_signal").ToFloat();
        Assert.Equal(expected.Length, shifted.Length);
        var snr = Signals.SnrDb(expected, shifted);

        var features = new FeatureExtractor(FeatureSpec.Seed).ExtractUnpadded(shifted).ToVector();
        var expectedFeatures = fixture.Array("aug_pitch_features").Data;
        Assert.Equal(expectedFeatures.Length, features.Length);
        var mfccError = MaxMfccError(features, expectedFeatures);
        output.WriteLine($"{folder}: SNR {snr:F1} dB, max |MFCC error| {mfccError:E2}");
        Assert.True(snr >= 30, $"SNR {snr} dB");
        // Measured worst case over the three folders: 8.9e-3 (SNR 72–92 dB).
        Assert.True(mfccError <= 0.02, $"MFCC error {mfccError}");
    }

    [RequiresFact(Requirement.SharedData)]
    public void ShiftKeepsTheLengthAndMovesATonesFrequencyBySevenTenthsOfASemitone()
    {
        const int rate = 22050;
        var tone = Enumerable.Range(0, rate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / rate))).ToArray();
        var shifted = PitchShift.Apply(tone, rate, 0.7);
        Assert.Equal(tone.Length, shifted.Length);
        var expected = 440 * Math.Pow(2, 0.7 / 12);
        // Zero crossings in the steady middle second count the frequency: two per period.
        var middle = shifted.AsSpan(rate / 4, rate / 2);
        var crossings = 0;
        for (var i = 1; i < middle.Length; i++)
            if ((middle[i - 1] < 0) != (middle[i] < 0)) crossings++;
        var measured = crossings / 2.0 / (middle.Length / (double)rate);
        Assert.InRange(measured, expected - 3, expected + 3);
    }

    private static double MaxMfccError(float[] actual, double[] expected)
    {
        var frames = actual.Length / 22;
        double worst = 0;
        for (var i = 2 * frames; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        return worst;
    }
}
