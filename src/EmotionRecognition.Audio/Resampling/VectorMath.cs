using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Audio;

/// <summary>The resampler's inner product.</summary>
internal static class VectorMath
{
    /// <summary>
    /// The dot product of two spans whose length (that of <paramref name="a"/>) is a multiple of 16, at
    /// <paramref name="width"/> (callers read <see cref="SimdWidth.Current"/> once per block, not per sample).
    /// Four independent accumulators hide the FMA latency; this short fixed shape beats the general-purpose routine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, VectorWidth width)
    {
        b = b[..a.Length];
        return width switch
        {
            VectorWidth.Bits512 => Dot<Lanes512<float>>(a, b),
            VectorWidth.Bits256 => Dot<Lanes256<float>>(a, b),
            VectorWidth.Bits128 => Dot<Lanes128<float>>(a, b),
            _ => DotScalar(a, b),
        };
    }

    // 16 divides the length, so it is a whole number of vectors at every width.
    private static float Dot<TLanes>(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        where TLanes : struct, ILanes<TLanes, float>
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var count = (nuint)TLanes.Count;
        var sum0 = TLanes.Zero;
        var sum1 = TLanes.Zero;
        var sum2 = TLanes.Zero;
        var sum3 = TLanes.Zero;
        nuint i = 0, n = (nuint)a.Length;
        for (; i + 4 * count <= n; i += 4 * count)
        {
            sum0 = TLanes.MultiplyAdd(TLanes.Load(ref x, i), TLanes.Load(ref y, i), sum0);
            sum1 = TLanes.MultiplyAdd(TLanes.Load(ref x, i + count), TLanes.Load(ref y, i + count), sum1);
            sum2 = TLanes.MultiplyAdd(TLanes.Load(ref x, i + 2 * count), TLanes.Load(ref y, i + 2 * count), sum2);
            sum3 = TLanes.MultiplyAdd(TLanes.Load(ref x, i + 3 * count), TLanes.Load(ref y, i + 3 * count), sum3);
        }
        for (; i < n; i += count)
            sum0 = TLanes.MultiplyAdd(TLanes.Load(ref x, i), TLanes.Load(ref y, i), sum0);
        return ((sum0 + sum1) + (sum2 + sum3)).Sum();
    }

    private static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
