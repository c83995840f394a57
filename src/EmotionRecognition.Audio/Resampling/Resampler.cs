namespace EmotionRecognition.Audio;

/// <summary>
/// Band-limited sample-rate conversion equal to librosa 0.10's
/// <c>resample(y, orig_sr, target_sr, res_type='kaiser_best')</c> (resampy 0.4.2), for any pair of rates.
/// </summary>
/// <remarks>
/// The output has librosa's length, <c>ceil(n · outputRate / inputRate)</c>; like librosa, a final sample
/// that resampy does not compute (its length rounds down) is zero. Equal rates return a copy.
/// Whole-number rates with a modest reduced ratio (48 kHz, 44.1 kHz, 16 kHz to 22.05 kHz, …) use a
/// polyphase filter bank cached per ratio; other ratios interpolate the filter table per sample.
/// All methods are thread-safe. For long signals use <see cref="StreamingResampler"/>.
/// </remarks>
public static class Resampler
{
    /// <summary>The number of samples <see cref="Resample(ReadOnlySpan{float}, double, double, ResamplerQuality)"/> returns.</summary>
    /// <param name="inputLength">Input samples.</param>
    /// <param name="inputRate">The input's sample rate in Hz.</param>
    /// <param name="outputRate">The wanted sample rate in Hz.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive and finite, or the length is negative.</exception>
    public static int GetOutputLength(int inputLength, double inputRate, double outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        ValidateRate(inputRate);
        ValidateRate(outputRate);
        var length = LibrosaLength(inputLength, inputRate, outputRate);
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(inputLength), "The output would not fit in an array.");
        return (int)length;
    }

    /// <summary>Resamples a mono signal.</summary>
    /// <param name="input">The samples at <paramref name="inputRate"/>.</param>
    /// <param name="inputRate">The input's sample rate in Hz.</param>
    /// <param name="outputRate">The wanted sample rate in Hz.</param>
    /// <param name="quality">The interpolation filter; <see cref="ResamplerQuality.Best"/> is librosa's <c>kaiser_best</c>.</param>
    /// <returns>The signal at <paramref name="outputRate"/>, <see cref="GetOutputLength"/> samples long.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive and finite.</exception>
    public static float[] Resample(ReadOnlySpan<float> input, double inputRate, double outputRate, ResamplerQuality quality = ResamplerQuality.Best)
    {
        var output = new float[GetOutputLength(input.Length, inputRate, outputRate)];
        Resample(input, output, inputRate, outputRate, quality);
        return output;
    }

    /// <summary>Resamples a mono signal into a caller-provided buffer.</summary>
    /// <param name="input">The samples at <paramref name="inputRate"/>.</param>
    /// <param name="destination">At least <see cref="GetOutputLength"/> samples; only that many are written.</param>
    /// <param name="inputRate">The input's sample rate in Hz.</param>
    /// <param name="outputRate">The wanted sample rate in Hz.</param>
    /// <param name="quality">The interpolation filter; <see cref="ResamplerQuality.Best"/> is librosa's <c>kaiser_best</c>.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive and finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Resample(ReadOnlySpan<float> input, Span<float> destination, double inputRate, double outputRate, ResamplerQuality quality = ResamplerQuality.Best)
    {
        var length = GetOutputLength(input.Length, inputRate, outputRate);
        if (destination.Length < length)
            throw new ArgumentException($"The destination holds {destination.Length} samples; {length} are needed.", nameof(destination));
        var resampler = new StreamingResampler(inputRate, outputRate, quality);
        var written = resampler.Process(input, destination);
        written += resampler.Flush(destination[written..]);
        return written;
    }

    /// <summary>librosa's length: <c>ceil(n · (target / orig))</c>, evaluated in the same double arithmetic.</summary>
    internal static long LibrosaLength(long inputLength, double inputRate, double outputRate) =>
        inputRate == outputRate ? inputLength : (long)Math.Ceiling(inputLength * (outputRate / inputRate));

    /// <summary>How many samples resampy computes: <c>int(n · new / old)</c>; librosa zero-pads the rest.</summary>
    internal static long ResampyLength(long inputLength, double inputRate, double outputRate) =>
        (long)(inputLength * outputRate / inputRate);

    internal static void ValidateRate(double rate, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(rate))] string? name = null)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
            throw new ArgumentOutOfRangeException(name, rate, "A sample rate must be positive and finite.");
    }
}
