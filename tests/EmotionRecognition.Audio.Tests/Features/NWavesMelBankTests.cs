using EmotionRecognition.Features;
using NWaves.Filters.Fda;

namespace EmotionRecognition.Audio.Tests.Features;

/// <summary>
/// Our Slaney mel filter bank checked against an independent implementation, NWaves 0.9.6: <c>FilterBanks.MelBankSlaney</c>
/// with <c>normalizeGain: true</c> is librosa's <c>filters.mel(htk=False, norm='slaney')</c> (Slaney's mel scale, triangles over
/// the FFT bin centres, each scaled to unit area by 2 / (right edge - left edge)); without the gain normalisation its peaks are 1.
/// </summary>
public class NWavesMelBankTests
{
    // Both sides round to float once or twice from different double expressions (NWaves builds the band edges in its own order):
    // four float steps (2^-22 ≈ 2.4e-7 relative) bound that. A wrong band edge or normalisation moves weights by percents.
    private const double Tolerance = 2.4e-7;

    [Theory]
    [InlineData(22050, 2048, 128, 0, 11025)] // the seed spec: librosa.feature.mfcc's defaults
    [InlineData(16000, 512, 64, 0, 7600)]    // the utterance spec of the default model
    [InlineData(44100, 2048, 40, 300, 8000)] // a band above 0 Hz
    public void SlaneyBankEqualsNWaves(int sampleRate, int fftSize, int bands, double minHz, double maxHz)
    {
        var ours = new MelFilterBank(sampleRate, fftSize, bands, minHz, maxHz, htk: false).ToDense();
        var theirs = FilterBanks.MelBankSlaney(bands, fftSize, sampleRate, minHz, maxHz, normalizeGain: true);
        var bins = fftSize / 2 + 1;
        Assert.Equal(bands, theirs.Length);
        for (var b = 0; b < bands; b++)
        {
            Assert.Equal(bins, theirs[b].Length);
            for (var k = 0; k < bins; k++)
            {
                var mine = ours[b * bins + k];
                // The same support: a bin is inside a triangle for both or for neither.
                Assert.True(mine == 0 == (theirs[b][k] == 0), $"band {b}, bin {k}: {mine} vs NWaves {theirs[b][k]}");
                Assert.True(Math.Abs(mine - theirs[b][k]) <= Tolerance * mine, $"band {b}, bin {k}: {mine} vs NWaves {theirs[b][k]}");
            }
        }
    }

    [Fact]
    public void WithoutGainNormalisationNWavesPeaksAreOneSoTheCheckWouldSeeAMissingNormalisation()
    {
        var ours = new MelFilterBank(22050, 2048, 128, 0, 11025, htk: false).ToDense();
        var unnormalised = FilterBanks.MelBankSlaney(128, 2048, 22050, 0, 11025, normalizeGain: false);
        Assert.InRange(unnormalised.Max(row => row.Max()), 0.9f, 1f);
        Assert.InRange(ours.Max(), 0.01f, 0.05f);
    }
}
