using EmotionRecognition.Audio.Tests.Audio.Resampling;
using EmotionRecognition.Audio.Tests.Features;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Augmentation;

public class TimeStretchTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Folders() => LibrosaFixture.AugmentedNames();

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Folders))]
    public void MatchesLibrosaTimeStretchAtRate08(string folder)
    {
        var fixture = LibrosaFixture.Get(folder);
        var stretched = TimeStretch.Apply(fixture.Signal, 0.8);
        var expected = fixture.Array("aug_stretch_signal").Data;
        Assert.Equal(expected.Length, stretched.Length);
        var snr = Signals.SnrDb(Array.ConvertAll(expected, v => (float)v), stretched);

        var features = new FeatureExtractor(FeatureSpec.Seed).ExtractUnpadded(stretched).ToVector();
        var expectedFeatures = fixture.Array("aug_stretch_features").Data;
        Assert.Equal(expectedFeatures.Length, features.Length);
        var frames = features.Length / 22;
        double zcr = 0, rms = 0, mfcc = 0;
        for (var i = 0; i < features.Length; i++)
        {
            var error = Math.Abs(features[i] - expectedFeatures[i]);
            if (i < frames) zcr = Math.Max(zcr, error);
            else if (i < 2 * frames) rms = Math.Max(rms, error);
            else mfcc = Math.Max(mfcc, error);
        }
        output.WriteLine($"{folder}: SNR {snr:F1} dB, max |error| ZCR {zcr:E2}, RMS {rms:E2}, MFCC {mfcc:E2}");
        Assert.True(snr >= 30, $"SNR {snr} dB");
        // Measured worst case over the three folders: ZCR 1.95e-3 (4 of 2048 crossings), RMS 2e-5, MFCC 2.2e-2.
        Assert.True(zcr <= 5e-3 && rms <= 1e-4 && mfcc <= 0.1, $"ZCR {zcr}, RMS {rms}, MFCC {mfcc}");
    }

    [RequiresFact(Requirement.SharedData)]
    public void RateOneReconstructsTheSignal()
    {
        // Only the float32 phase accumulation (kept to follow librosa) separates this from a perfect round trip (measured 59 dB).
        var signal = LibrosaFixture.Get("03-01-05-02-01-01-01").Signal;
        var same = TimeStretch.Apply(signal, 1.0);
        Assert.Equal(signal.Length, same.Length);
        Assert.True(Signals.SnrDb(signal, same) >= 50, $"SNR {Signals.SnrDb(signal, same)} dB");
    }

    [RequiresFact(Requirement.SharedData)]
    public void RejectsNonPositiveRates()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(new float[4096], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply(new float[4096], double.NaN));
    }
}
