using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

public class MelFilterBankTests
{
    [RequiresFact(Requirement.SharedData)]
    public void SlaneyBankEqualsLibrosaFilterBank()
    {
        var expected = Npy.Read(Path.Combine(SharedData.LibrosaFixtures, "mel_filterbank.npy"));
        Assert.Equal(new[] { 128, 1025 }, expected.Shape);
        var bank = new MelFilterBank(22050, 2048, 128, 0, 11025, htk: false).ToDense();
        for (var i = 0; i < bank.Length; i++)
            Assert.True(Math.Abs(bank[i] - expected.Data[i]) <= 1e-6 * Math.Abs(expected.Data[i]) + 1e-12, $"weight {i / 1025},{i % 1025}: {bank[i]} vs {expected.Data[i]}");
    }

    [RequiresFact(Requirement.SharedData)]
    public void SparseApplyEqualsDenseProduct()
    {
        var bank = new MelFilterBank(22050, 2048, 128, 0, 11025, htk: true);
        var dense = bank.ToDense();
        var power = LibrosaFixture.Get("b_22050_mono_s16").Signal.AsSpan(10000, 1025).ToArray();
        for (var i = 0; i < power.Length; i++) power[i] *= power[i];
        var mel = new float[128];
        bank.Apply(power, mel);
        for (var b = 0; b < 128; b++)
        {
            var expected = 0.0;
            for (var k = 0; k < 1025; k++) expected += (double)dense[b * 1025 + k] * power[k];
            Assert.Equal(expected, mel[b], 1e-5 * Math.Abs(expected) + 1e-12);
        }
    }

    [Fact]
    public void HtkBandsPeakWhereTheHtkScalePlacesThem()
    {
        // HTK mel = 2595 log10(1 + f / 700): band b of 40 between 0 and 8 kHz peaks at the (b+1)-th interior point.
        var bank = new MelFilterBank(16000, 512, 40, 0, 8000, htk: true).ToDense();
        var maxMel = 2595 * Math.Log10(1 + 8000 / 700.0);
        for (var b = 0; b < 40; b++)
        {
            var centre = 700 * (Math.Pow(10, maxMel * (b + 1) / 41 / 2595) - 1);
            var row = bank.AsSpan(b * 257, 257);
            var peak = row.IndexOf(row.ToArray().Max());
            Assert.InRange(peak * 16000.0 / 512, centre - 16000.0 / 512, centre + 16000.0 / 512);
        }
    }
}
