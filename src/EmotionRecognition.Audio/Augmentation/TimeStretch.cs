using EmotionRecognition.Features;

namespace EmotionRecognition.Augmentation;

/// <summary>
/// <c>librosa.effects.time_stretch</c>: STFT (n_fft 2048, hop 512), phase vocoder, inverse STFT to
/// <c>round(length / rate)</c> samples. Pitch is kept; duration is divided by the rate.
/// </summary>
public static class TimeStretch
{
    private const int FftSize = 2048;
    private const int HopLength = FftSize / 4;

    /// <summary>Stretches <paramref name="signal"/> in time by 1 / <paramref name="rate"/>.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="rate">Speed factor: below 1 slows down (longer output), above 1 speeds up.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not positive and finite.</exception>
    public static float[] Apply(ReadOnlySpan<float> signal, double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be positive and finite.");
        var stft = new Stft<double>(FftSize, HopLength);
        var (real, imaginary, frames) = stft.Forward(signal);
        var stretched = PhaseVocoder.Stretch(real, imaginary, frames, stft.BinCount, HopLength, rate);
        var length = (int)Math.Round(signal.Length / rate, MidpointRounding.ToEven);
        return stft.Inverse(stretched.Real, stretched.Imaginary, stretched.Frames, length);
    }
}
