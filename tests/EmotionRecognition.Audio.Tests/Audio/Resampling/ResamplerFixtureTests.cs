using System.Text.Json;
using EmotionRecognition.TestData;
using Xunit.Abstractions;

namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>Compares the resampler with librosa's own <c>kaiser_best</c> output on every fixture that librosa resampled.</summary>
public class ResamplerFixtureTests(ITestOutputHelper output)
{
    private const double TargetRate = 22050;

    public static TheoryData<string> ResampledFixtures() => new(NonNativeFixtures());

    private static string[] NonNativeFixtures() =>
        SharedData.FixtureNames().Where(n => NativeRate(n) != TargetRate).ToArray();

    [RequiresFact(Requirement.SharedData)]
    public void FixturesCoverEveryNonNativeRate()
    {
        var fixtures = NonNativeFixtures();
        Assert.Equal(new double[] { 16000, 44100, 48000 }, fixtures.Select(NativeRate).Distinct().Order());
        Assert.Equal(5, fixtures.Length);
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(ResampledFixtures))]
    public void OneShotMatchesLibrosa(string fixture)
    {
        var (native, expected) = Load(fixture);
        var actual = Resampler.Resample(native, NativeRate(fixture), TargetRate);
        Assert.Equal(expected.Length, actual.Length);
        var snr = Signals.SnrDb(expected, actual);
        output.WriteLine($"{fixture}: SNR {snr:F1} dB");
        Assert.True(snr >= 120, $"SNR {snr:F1} dB");
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(ResampledFixtures))]
    public void StreamingWithRandomBlocksEqualsOneShot(string fixture)
    {
        var (native, _) = Load(fixture);
        var rate = NativeRate(fixture);
        var oneShot = Resampler.Resample(native, rate, TargetRate);
        var streamed = Signals.StreamInRandomBlocks(native, new StreamingResampler(rate, TargetRate), seed: fixture.GetHashCode(StringComparison.Ordinal), maxBlock: 3000);
        Assert.Equal(oneShot, streamed);
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(ResampledFixtures))]
    public void FastQualityStaysCloseToBest(string fixture)
    {
        var (native, expected) = Load(fixture);
        var fast = Resampler.Resample(native, NativeRate(fixture), TargetRate, ResamplerQuality.Fast);
        Assert.Equal(expected.Length, fast.Length);
        var snr = Signals.SnrDb(expected, fast);
        output.WriteLine($"{fixture}: Fast vs librosa kaiser_best SNR {snr:F1} dB");
        // kaiser_fast rolls off from 0.87 of Nyquist instead of 0.92; speech has little energy there.
        Assert.InRange(snr, 20, 120);
    }

    private static (float[] Native, float[] Signal) Load(string fixture)
    {
        var folder = SharedData.Fixture(fixture);
        return (Npy.Read(Path.Combine(folder, "native.npy")).ToFloat(), Npy.Read(Path.Combine(folder, "signal.npy")).ToFloat());
    }

    private static double NativeRate(string fixture)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Fixture(fixture), "manifest.json")));
        return manifest.RootElement.GetProperty("input").GetProperty("sr_native").GetDouble();
    }
}
