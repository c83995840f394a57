using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EmotionRecognition.Audio;

/// <summary>The resampler's inner product.</summary>
internal static class VectorMath
{
    /// <summary>
    /// The dot product of two equally long spans whose length is a multiple of 16. Four independent
    /// accumulators hide the FMA latency; this short fixed shape beats the general-purpose routine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (!Fma.IsSupported || !Vector256.IsHardwareAccelerated)
            return TensorPrimitives.Dot(a, b[..a.Length]);
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b[..a.Length]);
        var sum0 = Vector256<float>.Zero;
        var sum1 = Vector256<float>.Zero;
        var sum2 = Vector256<float>.Zero;
        var sum3 = Vector256<float>.Zero;
        nuint i = 0, n = (nuint)a.Length;
        for (; i + 32 <= n; i += 32)
        {
            sum0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), sum0);
            sum1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 8), Vector256.LoadUnsafe(ref y, i + 8), sum1);
            sum2 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 16), Vector256.LoadUnsafe(ref y, i + 16), sum2);
            sum3 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 24), Vector256.LoadUnsafe(ref y, i + 24), sum3);
        }
        if (i < n)
        {
            sum0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), sum0);
            sum1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, i + 8), Vector256.LoadUnsafe(ref y, i + 8), sum1);
        }
        return Vector256.Sum((sum0 + sum1) + (sum2 + sum3));
    }
}
