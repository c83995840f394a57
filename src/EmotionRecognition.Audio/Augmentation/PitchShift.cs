using EmotionRecognition.Audio;

namespace EmotionRecognition.Augmentation;

/// <summary>
/// <c>librosa.effects.pitch_shift</c>: time-stretch by <c>2^(-semitones / 12)</c>, resample from
/// <c>sampleRate / rate</c> back to <c>sampleRate</c>, then cut or zero-pad to the input length.
/// </summary>
public static class PitchShift
{
    /// <summary>Shifts the pitch of <paramref name="signal"/> by <paramref name="semitones"/>, keeping its length.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">The signal's sample rate (Hz).</param>
    /// <param name="semitones">Shift in semitones (the original project uses 0.7).</param>
    public static float[] Apply(ReadOnlySpan<float> signal, int sampleRate, double semitones)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (!double.IsFinite(semitones))
            throw new ArgumentOutOfRangeException(nameof(semitones), semitones, "The shift must be finite.");
        var rate = Math.Pow(2.0, -semitones / 12.0);
        var stretched = TimeStretch.Apply(signal, rate);
        var shifted = Resampler.Resample(stretched, sampleRate / rate, sampleRate);
        var fitted = new float[signal.Length];
        shifted.AsSpan(0, Math.Min(shifted.Length, fitted.Length)).CopyTo(fitted);
        return fitted;
    }
}
