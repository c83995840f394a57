using System.Runtime.Intrinsics;

namespace EmotionRecognition.Simd;

/// <summary>
/// Chooses the width of the audio kernels: the widest the runtime accelerates, unless a caller on this thread has
/// forced a narrower one (tests and benchmarks compare every width on one machine this way).
/// </summary>
internal static class SimdWidth
{
    // Thread-static so that tests forcing different widths can run in parallel without seeing each other's choice.
    [ThreadStatic]
    private static VectorWidth? t_forced;

    /// <summary>The widest width this process accelerates (the runtime's own choice, which honours DOTNET_EnableAVX512 and friends).</summary>
    public static VectorWidth Widest { get; } =
        Vector512.IsHardwareAccelerated ? VectorWidth.Bits512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Bits256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Bits128
        : VectorWidth.Scalar;

    /// <summary>The width kernels use on this thread.</summary>
    public static VectorWidth Current => t_forced ?? Widest;

    /// <summary>Every width this process can run, scalar first.</summary>
    public static IReadOnlyList<VectorWidth> Supported { get; } =
        Enum.GetValues<VectorWidth>().Where(w => w <= Widest).ToArray();

    /// <summary>Runs this thread's kernels at <paramref name="width"/> until the result is disposed.</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU or runtime settings do not accelerate <paramref name="width"/>.</exception>
    public static IDisposable Force(VectorWidth width)
    {
        if (width > Widest)
            throw new PlatformNotSupportedException($"{width} vectors are not hardware accelerated in this process (widest: {Widest}).");
        var previous = t_forced;
        t_forced = width;
        return new Restore(previous);
    }

    /// <summary>
    /// The widest width, at most <paramref name="width"/>, whose vectors of <typeparamref name="T"/> hold no more than
    /// <paramref name="elements"/> lanes; scalar when not even a 128-bit vector fits.
    /// </summary>
    public static VectorWidth Fit<T>(VectorWidth width, int elements)
        where T : unmanaged
    {
        while (width != VectorWidth.Scalar && Lanes<T>(width) > elements)
            width = width == VectorWidth.Bits128 ? VectorWidth.Scalar : (VectorWidth)((int)width / 2);
        return width;
    }

    /// <summary>How many <typeparamref name="T"/> values one vector of <paramref name="width"/> holds.</summary>
    public static int Lanes<T>(VectorWidth width)
        where T : unmanaged =>
        width == VectorWidth.Scalar ? 1 : (int)width / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    private sealed class Restore(VectorWidth? previous) : IDisposable
    {
        public void Dispose() => t_forced = previous;
    }
}
