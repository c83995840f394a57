using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Windows;

namespace EmotionRecognition.TestData;

/// <summary>
/// NWaves' MFCC pipeline (the comparison in tests and benchmarks; docs/features.md, "NWaves") set as close to <c>librosa.feature.mfcc</c> (the seed spec) as its options reach: 2048-sample Hann
/// frames every 512 samples, power spectrum, 128 Slaney mel bands with Slaney area normalisation, 10 log10 with a 1e-10 floor,
/// orthonormal DCT-II, 20 coefficients; the signal zero-padded by half a frame at both ends as librosa's <c>center=True</c> does.
/// What it cannot do: librosa's periodic Hann window (NWaves' is symmetric) and <c>top_db</c>, the 80 dB floor under the whole
/// matrix's peak.
/// </summary>
public static class NWavesMfcc
{
    public const int Rate = 22050, Frame = 2048, Hop = 512, Bands = 128, Coefficients = 20;

    public static MfccExtractor Create() => new(new MfccOptions
    {
        SamplingRate = Rate,
        FeatureCount = Coefficients,
        FrameSize = Frame,
        HopSize = Hop,
        FftSize = Frame,
        Window = WindowType.Hann,
        FilterBank = FilterBanks.MelBankSlaney(Bands, Frame, Rate, 0, Rate / 2.0, normalizeGain: true),
        SpectrumType = SpectrumType.Power,
        NonLinearity = NonLinearityType.ToDecibel,
        LogFloor = 1e-10f,
        DctType = "2N",
    });

    /// <summary>MFCC frames of <paramref name="signal"/>, one array of 20 per frame, as librosa frames a centred signal.</summary>
    /// <remarks>An extractor keeps per-frame buffers in fields: one per thread.</remarks>
    public static List<float[]> Compute(MfccExtractor extractor, float[] signal)
    {
        var padded = new float[signal.Length + Frame];
        signal.CopyTo(padded, Frame / 2);
        return extractor.ComputeFrom(padded);
    }
}
