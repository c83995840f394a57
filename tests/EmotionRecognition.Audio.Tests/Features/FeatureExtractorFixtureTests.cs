using EmotionRecognition.Features;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

public class FeatureExtractorFixtureTests(ITestOutputHelper output)
{
    private static readonly FeatureExtractor Extractor = new(FeatureSpec.Seed);

    public static IEnumerable<object[]> Fixtures() => LibrosaFixture.Names();

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Fixtures))]
    public void ZeroCrossingRateIsIdenticalToLibrosa(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var frames = Extractor.ExtractUnpadded(fixture.Signal);
        var expected = fixture.Array("zcr").Data;
        Assert.Equal(expected.Length, frames.Frames);
        for (var t = 0; t < expected.Length; t++)
            Assert.Equal(expected[t], (double)frames.Zcr[t]);
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Fixtures))]
    public void RmsMatchesLibrosaWithin1e5Relative(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var frames = Extractor.ExtractUnpadded(fixture.Signal);
        var expected = fixture.Array("rms").Data;
        var worst = 0.0;
        for (var t = 0; t < expected.Length; t++)
        {
            var error = Math.Abs(frames.Rms[t] - expected[t]);
            Assert.True(error <= 1e-5 * Math.Abs(expected[t]) + 1e-12, $"frame {t}: {frames.Rms[t]} vs {expected[t]}");
            worst = Math.Max(worst, expected[t] == 0 ? error : error / expected[t]);
        }
        output.WriteLine($"{name}: max relative RMS error {worst:E2}");
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Fixtures))]
    public void MelSpectrogramMatchesLibrosaAboveTheFloor(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var frames = Extractor.ExtractUnpadded(fixture.Signal);
        var mel = fixture.Array("mel");
        Assert.Equal(new[] { 128, frames.Frames }, mel.Shape);
        var floor = mel.Data.Max() * 1e-8; // librosa's 80 dB floor
        var worst = 0.0;
        for (var b = 0; b < 128; b++)
        {
            for (var t = 0; t < frames.Frames; t++)
            {
                var expected = mel[b, t];
                if (expected <= floor) continue;
                var relative = Math.Abs(frames.Mel[t * 128 + b] - expected) / expected;
                worst = Math.Max(worst, relative);
            }
        }
        output.WriteLine($"{name}: max relative mel error above the floor {worst:E2}");
        Assert.True(worst <= 1e-4, $"max relative mel error {worst}");
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Fixtures))]
    public void LogMelAndMfccMatchLibrosaWithin1e3(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var frames = Extractor.ExtractUnpadded(fixture.Signal);
        var melDb = fixture.Array("mel_db");
        var mfcc = fixture.Array("mfcc");
        Assert.Equal(new[] { 20, frames.Frames }, mfcc.Shape);
        var worstDb = 0.0;
        for (var b = 0; b < 128; b++)
            for (var t = 0; t < frames.Frames; t++)
                worstDb = Math.Max(worstDb, Math.Abs(frames.LogMel[t * 128 + b] - melDb[b, t]));
        var matrix = frames.MfccMatrix();
        var worst = 0.0;
        for (var c = 0; c < 20; c++)
            for (var t = 0; t < frames.Frames; t++)
                worst = Math.Max(worst, Math.Abs(matrix[c, t] - mfcc[c, t]));
        output.WriteLine($"{name} (sr_native {fixture.NativeRate}): max |dB error| {worstDb:E2}, max |MFCC error| {worst:E2}");
        Assert.True(worstDb <= 1e-3, $"max log-mel error {worstDb} dB");
        Assert.True(worst <= 1e-3, $"max MFCC error {worst}");
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Fixtures))]
    public void VectorHasTheLayoutOfTheOriginalRow(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var expected = fixture.Array("features").Data;
        var signal = fixture.Signal;
        // Full-length clips go through the fitted hot path; the short clip is checked on its own frames.
        var vector = signal.Length == FeatureSpec.Seed.SampleCount
            ? Extractor.ExtractVector(signal)
            : Extractor.ExtractUnpadded(signal).ToVector();
        Assert.Equal(expected.Length, vector.Length);
        var frames = expected.Length / 22;
        for (var i = 0; i < expected.Length; i++)
        {
            // Tolerances per block: ZCR exact, RMS relative, MFCC absolute (see the tests above).
            var tolerance = i < frames ? 0 : i < 2 * frames ? 1e-5 * Math.Abs(expected[i]) + 1e-12 : 1e-3;
            Assert.True(Math.Abs(vector[i] - expected[i]) <= tolerance, $"value {i}: {vector[i]} vs {expected[i]}");
        }
    }
}
