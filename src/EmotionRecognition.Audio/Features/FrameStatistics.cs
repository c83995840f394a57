using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Features;

/// <summary>Per-frame zero-crossing rate and RMS with librosa's centring rules.</summary>
/// <remarks>
/// Frames overlap (2048 samples every 512), so when the hop divides the frame length each statistic is
/// summed once per hop-sized block and a frame adds its blocks: a quarter of the work of summing frames.
/// </remarks>
internal static class FrameStatistics
{
    /// <summary>librosa's <c>zero_crossings</c> threshold: smaller magnitudes count as (positive) zero.</summary>
    private const float ZeroThreshold = 1e-10f;

    /// <summary>
    /// <c>librosa.feature.zero_crossing_rate</c>: frames centred with edge padding, a crossing wherever the
    /// sign bit changes between neighbours inside the frame, divided by the frame length.
    /// </summary>
    /// <param name="padded">The signal after <c>frameLength / 2</c> samples of padding (their values are not read).</param>
    /// <param name="signalLength">Samples of signal in <paramref name="padded"/>.</param>
    /// <param name="frameLength">Frame length (even).</param>
    /// <param name="hopLength">Hop length.</param>
    /// <param name="crossings">Scratch as long as <paramref name="padded"/>.</param>
    /// <param name="blocks">Scratch of <c>rates.Length + frameLength / hopLength</c> values.</param>
    /// <param name="rates">One value per frame.</param>
    public static void ZeroCrossingRate(ReadOnlySpan<float> padded, int signalLength, int frameLength, int hopLength,
        Span<float> crossings, Span<float> blocks, Span<float> rates)
    {
        // Edge padding repeats the end samples, which never adds a crossing, so only pairs inside the signal count.
        crossings.Clear();
        var half = frameLength / 2;
        MarkCrossings(padded, half + 1, half + signalLength, crossings);
        FrameSums(crossings, frameLength, hopLength, blocks, rates, squares: false);
        var scale = 1f / frameLength;
        for (var t = 0; t < rates.Length; t++)
        {
            // A frame's first sample has no left neighbour inside the frame.
            rates[t] = (rates[t] - crossings[t * hopLength]) * scale;
        }
    }

    /// <summary><c>librosa.feature.rms(y=...)</c>: root mean square of each frame of the zero-padded signal.</summary>
    /// <param name="padded">The signal with <c>frameLength / 2</c> zeros on each side.</param>
    /// <param name="frameLength">Frame length.</param>
    /// <param name="hopLength">Hop length.</param>
    /// <param name="blocks">Scratch of <c>rms.Length + frameLength / hopLength</c> values.</param>
    /// <param name="rms">One value per frame.</param>
    public static void RootMeanSquare(ReadOnlySpan<float> padded, int frameLength, int hopLength, Span<float> blocks, Span<float> rms)
    {
        FrameSums(padded, frameLength, hopLength, blocks, rms, squares: true);
        TensorPrimitives.Multiply(rms, 1f / frameLength, rms);
        TensorPrimitives.Sqrt(rms, rms);
    }

    /// <summary>Sets <c>crossings[i]</c> to 1 where the sign bits of <c>x[i - 1]</c> and <c>x[i]</c> differ, for i in [from, to).</summary>
    private static void MarkCrossings(ReadOnlySpan<float> x, int from, int to, Span<float> crossings)
    {
        var i = SimdWidth.Current switch
        {
            VectorWidth.Bits512 => MarkCrossings<Lanes512<float>>(x, from, to, crossings),
            VectorWidth.Bits256 => MarkCrossings<Lanes256<float>>(x, from, to, crossings),
            VectorWidth.Bits128 => MarkCrossings<Lanes128<float>>(x, from, to, crossings),
            _ => from,
        };
        for (; i < to; i++)
            crossings[i] = (x[i - 1] < -ZeroThreshold) != (x[i] < -ZeroThreshold) ? 1f : 0f;
    }

    // Returns the first index left for the scalar loop.
    private static int MarkCrossings<TLanes>(ReadOnlySpan<float> x, int from, int to, Span<float> crossings)
        where TLanes : struct, ILanes<TLanes, float>
    {
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var target = ref MemoryMarshal.GetReference(crossings);
        var threshold = TLanes.Create(-ZeroThreshold);
        var one = TLanes.Create(1f);
        var i = from;
        for (; i + TLanes.Count <= to; i += TLanes.Count)
        {
            var before = TLanes.LessThan(TLanes.Load(ref source, (nuint)(i - 1)), threshold);
            var after = TLanes.LessThan(TLanes.Load(ref source, (nuint)i), threshold);
            ((before ^ after) & one).Store(ref target, (nuint)i);
        }
        return i;
    }

    /// <summary>Sum (or sum of squares) of each frame of <paramref name="values"/>.</summary>
    private static void FrameSums(ReadOnlySpan<float> values, int frameLength, int hopLength, Span<float> blocks, Span<float> sums, bool squares)
    {
        if (frameLength % hopLength != 0)
        {
            for (var t = 0; t < sums.Length; t++)
                sums[t] = Sum(values.Slice(t * hopLength, frameLength), squares);
            return;
        }
        var perFrame = frameLength / hopLength;
        var blockCount = sums.Length - 1 + perFrame;
        for (var b = 0; b < blockCount; b++)
            blocks[b] = Sum(values.Slice(b * hopLength, hopLength), squares);
        for (var t = 0; t < sums.Length; t++)
            sums[t] = TensorPrimitives.Sum(blocks.Slice(t, perFrame));
    }

    private static float Sum(ReadOnlySpan<float> values, bool squares) =>
        squares ? TensorPrimitives.SumOfSquares(values) : TensorPrimitives.Sum(values);
}
