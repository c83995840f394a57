using System.Buffers;
using System.Numerics.Tensors;

namespace EmotionRecognition.Speech;

/// <summary>
/// Decides whether a clip holds speech, from frame levels alone, so that no model is asked about silence, noise or a tone.
/// </summary>
/// <remarks>
/// <para>The clip is cut into 25 ms frames every 10 ms, and each frame's level taken in dBFS (RMS relative to full scale).
/// A frame is <em>loud</em> when it is above <see cref="FloorDbfs"/> and within <see cref="DynamicRangeDb"/> of the loudest
/// frame. Between the first and the last loud frame, speech rises and falls with its syllables (several per second) and pauses;
/// steady sounds (white or pink noise, hum, a tone) do not. So the clip is speech when the levels there spread by at least
/// <see cref="MinimumModulationDb"/> (standard deviation) and the first and last loud frames are <see cref="MinimumSpeechSeconds"/> or more apart.</para>
/// <para>Measured on the 1,200 RAVDESS clips of actors 01-20 (docs/model-card.md): every clip is found to be speech. Speech buried
/// in steady noise (below about 5 dB SNR) can be taken for noise: it has little left of its modulation.</para>
/// <para>Works at any sample rate and allocates nothing but the result (the per-frame levels live in a pooled buffer).</para>
/// </remarks>
public static class SpeechDetector
{
    /// <summary>Frames quieter than this are silence, whatever the rest of the clip does (dBFS).</summary>
    public const double FloorDbfs = -65;

    /// <summary>Frames this far below the clip's loudest frame are not speech (dB).</summary>
    public const double DynamicRangeDb = 35;

    /// <summary>The least spread of frame levels (dB, standard deviation) that speech shows; steady sounds stay far below it.</summary>
    public const double MinimumModulationDb = 3;

    /// <summary>The least speech, in seconds from the first loud frame to the last, that an emotion is told from.</summary>
    public const double MinimumSpeechSeconds = 0.4;

    private const double FrameSeconds = 0.025;
    private const double HopSeconds = 0.010;

    /// <summary>Finds the speech in mono samples.</summary>
    /// <param name="samples">Mono samples in [-1, 1]; NaN or infinite values count as no speech.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not positive.</exception>
    public static SpeechActivity Detect(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        var frame = Math.Max(1, (int)Math.Round(FrameSeconds * sampleRate));
        var hop = Math.Max(1, (int)Math.Round(HopSeconds * sampleRate));
        if (samples.Length < frame)
            return None;
        var count = 1 + (samples.Length - frame) / hop;
        var pooled = ArrayPool<double>.Shared.Rent(count);
        try
        {
            var levels = pooled.AsSpan(0, count);
            return FrameLevels(samples, frame, hop, levels) ? Classify(levels, frame, hop, sampleRate) : None;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(pooled);
        }
    }

    private static SpeechActivity Classify(ReadOnlySpan<double> levels, int frame, int hop, int sampleRate)
    {
        var peak = TensorPrimitives.Max(levels);
        var threshold = Math.Max(FloorDbfs, peak - DynamicRangeDb);
        int first = -1, last = -1;
        for (var t = 0; t < levels.Length; t++)
        {
            if (levels[t] < threshold) continue;
            if (first < 0) first = t;
            last = t;
        }
        if (first < 0)
            return None;
        var modulation = Spread(levels.Slice(first, last - first + 1), peak - DynamicRangeDb - 10);
        var start = first * (double)hop / sampleRate;
        var end = (last * (double)hop + frame) / sampleRate;
        // The span, not the count of loud frames: quiet speakers' unstressed syllables and pauses belong to the utterance.
        var seconds = end - start;
        var status = modulation < MinimumModulationDb ? SpeechStatus.NoSpeech
            : seconds < MinimumSpeechSeconds ? SpeechStatus.TooShort
            : SpeechStatus.Speech;
        return new SpeechActivity(status, seconds, start, end, modulation);
    }

    private static SpeechActivity None { get; } = new(SpeechStatus.NoSpeech, 0, 0, 0, 0);

    /// <summary>Fills each frame's level in dBFS; false when a sample is NaN or infinite.</summary>
    private static bool FrameLevels(ReadOnlySpan<float> samples, int frame, int hop, Span<double> levels)
    {
        for (var t = 0; t < levels.Length; t++)
        {
            var window = samples.Slice(t * hop, frame);
            var meanSquare = TensorPrimitives.SumOfSquares(window) / frame;
            if (!float.IsFinite(meanSquare))
                return false;
            // 1e-12 (-120 dBFS) keeps digital silence finite.
            levels[t] = 10 * Math.Log10(Math.Max(meanSquare, 1e-12));
        }
        return true;
    }

    /// <summary>Standard deviation of the levels, each first raised to <paramref name="floor"/> so that digital silence in a
    /// pause counts as a deep dip, not as an unbounded one.</summary>
    private static double Spread(ReadOnlySpan<double> levels, double floor)
    {
        double sum = 0, squares = 0;
        foreach (var level in levels)
        {
            var v = Math.Max(level, floor);
            sum += v;
            squares += v * v;
        }
        var mean = sum / levels.Length;
        return Math.Sqrt(Math.Max(0, squares / levels.Length - mean * mean));
    }
}
