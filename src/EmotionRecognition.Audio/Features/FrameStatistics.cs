using System.Numerics.Tensors;

namespace EmotionRecognition.Features;

/// <summary>Per-frame zero-crossing rate and RMS with librosa's centring rules.</summary>
internal static class FrameStatistics
{
    /// <summary>librosa's <c>zero_crossings</c> threshold: smaller magnitudes count as (positive) zero.</summary>
    private const float ZeroThreshold = 1e-10f;

    /// <summary>
    /// <c>librosa.feature.zero_crossing_rate</c>: frames centred with edge padding, a crossing wherever the
    /// sign bit changes between neighbours inside the frame, divided by the frame length.
    /// </summary>
    /// <param name="signal">The unpadded signal.</param>
    /// <param name="crossingCounts">Scratch of at least <c>signal.Length</c> values.</param>
    /// <param name="frameLength">Frame length (even).</param>
    /// <param name="hopLength">Hop length.</param>
    /// <param name="rates">One value per frame.</param>
    public static void ZeroCrossingRate(ReadOnlySpan<float> signal, Span<int> crossingCounts, int frameLength, int hopLength, Span<float> rates)
    {
        var n = signal.Length;
        if (n == 0)
        {
            rates.Clear();
            return;
        }
        // crossingCounts[j] = crossings between neighbours (i-1, i) for 1 <= i <= j. Edge padding repeats
        // the end samples, which never adds a crossing, so only pairs inside the signal count.
        var previous = signal[0] < -ZeroThreshold;
        var count = 0;
        crossingCounts[0] = 0;
        for (var j = 1; j < n; j++)
        {
            var negative = signal[j] < -ZeroThreshold;
            count += negative != previous ? 1 : 0;
            previous = negative;
            crossingCounts[j] = count;
        }
        var half = frameLength / 2;
        var scale = 1f / frameLength;
        for (var t = 0; t < rates.Length; t++)
        {
            var first = Math.Clamp(t * hopLength + 1 - half - 1, 0, n - 1);
            var last = Math.Clamp(t * hopLength + half - 1, 0, n - 1);
            rates[t] = (crossingCounts[last] - crossingCounts[first]) * scale;
        }
    }

    /// <summary><c>librosa.feature.rms(y=...)</c>: root mean square of each frame of the zero-padded signal.</summary>
    /// <param name="padded">The signal with <c>frameLength / 2</c> zeros on each side.</param>
    /// <param name="frameLength">Frame length.</param>
    /// <param name="hopLength">Hop length.</param>
    /// <param name="rms">One value per frame.</param>
    public static void RootMeanSquare(ReadOnlySpan<float> padded, int frameLength, int hopLength, Span<float> rms)
    {
        for (var t = 0; t < rms.Length; t++)
            rms[t] = MathF.Sqrt(TensorPrimitives.SumOfSquares(padded.Slice(t * hopLength, frameLength)) / frameLength);
    }
}
