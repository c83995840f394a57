using EmotionRecognition.TestData;
using Xunit.Abstractions;

namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>
/// Ratios the librosa fixtures do not cover, checked against resampy 0.4.2 itself (outputs made by
/// <c>Reference/make_reference.py</c> from an excerpt of a shared fixture).
/// </summary>
public class ResampyReferenceTests(ITestOutputHelper output)
{
    private static readonly double PitchRate = 22050 * Math.Pow(2, 0.7 / 12);

    public static TheoryData<string, double, double, ResamplerQuality> Cases() => new()
    {
        { "pitch_best", PitchRate, 22050, ResamplerQuality.Best },
        { "pitch_fast", PitchRate, 22050, ResamplerQuality.Fast },
        { "up_best", 22050, PitchRate, ResamplerQuality.Best },
        { "48000_8000_best", 48000, 8000, ResamplerQuality.Best },
    };

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Cases))]
    public void MatchesResampy(string reference, double from, double to, ResamplerQuality quality)
    {
        var input = Npy.Read(Path.Combine(SharedData.Fixture("d_48000_mono_f32"), "native.npy")).ToFloat().AsSpan(20000, 4000);
        var expected = Npy.Read(Path.Combine(SharedData.Root, "tests", "EmotionRecognition.Audio.Tests", "Audio", "Resampling", "Reference", reference + ".npy")).ToFloat();
        var actual = Resampler.Resample(input, from, to, quality);
        Assert.Equal(expected.Length, actual.Length);
        var snr = Signals.SnrDb(expected, actual);
        output.WriteLine($"{reference}: SNR {snr:F1} dB");
        Assert.True(snr >= 120, $"SNR {snr:F1} dB");
    }
}
