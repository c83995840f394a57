using System.Numerics.Tensors;
using EmotionRecognition.Simd;
using System.Runtime.InteropServices;

namespace EmotionRecognition.Features;

/// <summary>
/// The read-only part of feature extraction for one spec (window, FFT, mel filters, DCT matrix),
/// shared by all threads; per-call state lives in a <see cref="FeatureScratch"/>.
/// </summary>
internal sealed class FeaturePipeline
{
    private readonly float[] _dct;
    private readonly float _topDb;

    public FeaturePipeline(FeatureSpec spec)
    {
        Spec = spec;
        Stft = new Stft<double>(spec.FrameLength, spec.HopLength);
        MelBank = new MelFilterBank(spec.SampleRate, spec.FrameLength, spec.MelBandCount, spec.MinFrequency,
            spec.EffectiveMaxFrequency, spec.HtkMelScale);
        _dct = DctMatrix.Orthonormal(spec.MfccCount, spec.MelBandCount);
        _topDb = (float)spec.TopDb;
    }

    public FeatureSpec Spec { get; }

    /// <summary>Spectra are computed in double precision: float FFTs lose about 2e-4 relative accuracy in bins
    /// 80 dB below a frame's peak, which librosa (numpy's double FFT) keeps.</summary>
    public Stft<double> Stft { get; }

    public MelFilterBank MelBank { get; }

    public FeatureScratch CreateScratch(int sampleCount) => new(this, sampleCount);

    /// <summary>
    /// Fills the scratch's ZCR, RMS, mel, log-mel and MFCC buffers for <paramref name="signal"/> cut or
    /// zero-padded at the end to the scratch's sample count.
    /// </summary>
    public void Compute(ReadOnlySpan<float> signal, FeatureScratch s, bool keepMelPower)
    {
        var frameLength = Spec.FrameLength;
        var hop = Spec.HopLength;
        var bands = Spec.MelBandCount;
        Stft.Pad(signal[..Math.Min(signal.Length, s.SampleCount)], s.Padded);
        FrameStatistics.ZeroCrossingRate(s.Padded, s.SampleCount, frameLength, hop, s.Crossings, s.Blocks, s.Zcr);
        FrameStatistics.RootMeanSquare(s.Padded, frameLength, hop, s.Blocks, s.Rms);
        var bins = Stft.BinCount;
        for (var t = 0; t < s.Frames; t++)
        {
            Stft.Frame(s.Padded, t, s.Real, s.Imaginary);
            PowerSpectrum(s.Real.AsSpan(0, bins), s.Imaginary.AsSpan(0, bins), s.Power);
            MelBank.Apply(s.Power, s.LogMel.AsSpan(t * bands, bands));
        }
        if (keepMelPower)
            s.LogMel.CopyTo(s.Mel, 0);
        Decibels.FromPowerInPlace(s.LogMel, _topDb);
        Cepstrum(s);
    }

    /// <summary>
    /// Writes the log-mel bands (dB, frame-major) of the whole <paramref name="signal"/>, which must fit the scratch, into
    /// <paramref name="destination"/>; returns the frame count, <c>1 + length / HopLength</c>. Nothing else is computed.
    /// </summary>
    public int ComputeLogMel(ReadOnlySpan<float> signal, FeatureScratch s, Span<float> destination)
    {
        var bands = Spec.MelBandCount;
        var frames = Stft.FrameCount(signal.Length);
        Stft.Pad(signal, s.Padded.AsSpan(0, Stft.PaddedLength(signal.Length)));
        for (var t = 0; t < frames; t++)
        {
            Stft.Frame(s.Padded, t, s.Real, s.Imaginary);
            PowerSpectrum(s.Real, s.Imaginary, s.Power);
            MelBank.Apply(s.Power, destination.Slice(t * bands, bands));
        }
        Decibels.FromPowerInPlace(destination[..(frames * bands)], _topDb);
        return frames;
    }

    /// <summary>|X|^2 narrowed to float in one pass (librosa's STFT is complex64, so float power loses nothing it keeps).</summary>
    private static void PowerSpectrum(ReadOnlySpan<double> real, ReadOnlySpan<double> imaginary, Span<float> power)
    {
        var k = SimdWidth.Current switch
        {
            VectorWidth.Bits512 => PowerSpectrum<Lanes512<double>>(real, imaginary, power),
            VectorWidth.Bits256 => PowerSpectrum<Lanes256<double>>(real, imaginary, power),
            VectorWidth.Bits128 => PowerSpectrum<Lanes128<double>>(real, imaginary, power),
            _ => 0,
        };
        for (; k < real.Length; k++)
            power[k] = (float)(real[k] * real[k] + imaginary[k] * imaginary[k]);
    }

    // Two vectors of doubles make one of floats; returns the first bin left for the scalar loop.
    private static int PowerSpectrum<TLanes>(ReadOnlySpan<double> real, ReadOnlySpan<double> imaginary, Span<float> power)
        where TLanes : struct, ILanes<TLanes, double>
    {
        ref var re = ref MemoryMarshal.GetReference(real);
        ref var im = ref MemoryMarshal.GetReference(imaginary);
        ref var target = ref MemoryMarshal.GetReference(power);
        var count = TLanes.Count;
        var k = 0;
        for (; k + 2 * count <= real.Length; k += 2 * count)
        {
            var r0 = TLanes.Load(ref re, (nuint)k);
            var i0 = TLanes.Load(ref im, (nuint)k);
            var r1 = TLanes.Load(ref re, (nuint)(k + count));
            var i1 = TLanes.Load(ref im, (nuint)(k + count));
            TLanes.StoreNarrowed(r0 * r0 + i0 * i0, r1 * r1 + i1 * i1, ref target, (nuint)k);
        }
        return k;
    }

    private void Cepstrum(FeatureScratch s)
    {
        var bands = Spec.MelBandCount;
        var count = Spec.MfccCount;
        var dct = _dct.AsSpan();
        for (var t = 0; t < s.Frames; t++)
        {
            var logMel = s.LogMel.AsSpan(t * bands, bands);
            for (var c = 0; c < count; c++)
                s.Mfcc[t * count + c] = TensorPrimitives.Dot(dct.Slice(c * bands, bands), logMel);
        }
    }
}
