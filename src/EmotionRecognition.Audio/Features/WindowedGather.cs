using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Features;

/// <summary>
/// The first pass of <see cref="RealFft{T}"/> in double precision with vectors: windowing, widening, the bit-reversal
/// permutation and the first radix-4 butterflies for several butterflies at once.
/// </summary>
/// <remarks>
/// The half-size complex signal is <c>z[n] = w[2n] x[2n] + i w[2n+1] x[2n+1]</c>. The radix-4 butterfly that writes positions
/// <c>4t..4t+3</c> of the bit-reversed array reads <c>z[j]</c>, <c>z[j + M/2]</c>, <c>z[j + M/4]</c> and <c>z[j + 3M/4]</c>, where
/// <c>j</c> is <c>t</c> with its bits reversed. So butterflies for consecutive <c>j</c> read four contiguous runs of the input:
/// they load as vectors, and only their four-point results, transposed, land at scattered places. The arithmetic is the scalar
/// pass's, operation for operation, so the results are bit-identical.
/// </remarks>
internal static class WindowedGather
{
    /// <summary>Whether <see cref="Run"/> handles a half-size transform of <paramref name="half"/> points at <paramref name="width"/>.</summary>
    public static bool Handles(int half, VectorWidth width) =>
        half >= 16 && width switch
        {
            VectorWidth.Bits512 or VectorWidth.Bits256 => Avx.IsSupported,
            VectorWidth.Bits128 => Sse2.IsSupported || AdvSimd.Arm64.IsSupported,
            _ => false,
        };

    /// <summary>Fills <paramref name="re"/> and <paramref name="im"/> (<c>M</c> values each) with the first pass's output.</summary>
    /// <param name="input"><c>2M</c> samples.</param>
    /// <param name="window"><c>2M</c> window values.</param>
    /// <param name="bitReverse">The <c>M</c>-point bit-reversal table.</param>
    /// <param name="re">Real parts, <c>M</c> values.</param>
    /// <param name="im">Imaginary parts, <c>M</c> values.</param>
    /// <param name="width">A width <see cref="Handles"/> accepts.</param>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<double> window, ReadOnlySpan<int> bitReverse,
        Span<double> re, Span<double> im, VectorWidth width)
    {
        var half = bitReverse.Length;
        if (input.Length < 2 * half || window.Length < 2 * half || re.Length < half || im.Length < half)
            throw new ArgumentException("The input, window or output buffers are too short.");
        var legs = new Legs(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(window), half);
        var targets = new Targets(ref MemoryMarshal.GetReference(re), ref MemoryMarshal.GetReference(im),
            ref MemoryMarshal.GetReference(bitReverse));
        if (width == VectorWidth.Bits128)
            Pass<Lanes128<double>, Pairs>(legs, targets);
        else
            Pass<Lanes256<double>, Quads>(legs, targets);
    }

    private static void Pass<TV, TWidth>(in Legs legs, in Targets targets)
        where TV : struct, ILanes<TV, double>
        where TWidth : IWidth<TV>
    {
        var quarter = legs.Half / 4;
        for (var j = 0; j < quarter; j += TWidth.Butterflies)
        {
            var (ar, ai) = TWidth.Load(legs, j);
            var (br, bi) = TWidth.Load(legs, j + 2 * quarter);
            var (cr, ci) = TWidth.Load(legs, j + quarter);
            var (dr, di) = TWidth.Load(legs, j + 3 * quarter);
            var (o0r, o0i, o1r, o1i, o2r, o2i, o3r, o3i) = RadixFour(ar, ai, br, bi, cr, ci, dr, di);
            TWidth.Store(ref targets.Re, targets, j, o0r, o1r, o2r, o3r);
            TWidth.Store(ref targets.Im, targets, j, o0i, o1i, o2i, o3i);
        }
    }

    // The scalar pass's butterfly, lane-wise: t3 * (-i) = (t3i, -t3r).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV, TV, TV, TV, TV, TV, TV, TV) RadixFour<TV>(TV ar, TV ai, TV br, TV bi, TV cr, TV ci, TV dr, TV di)
        where TV : struct, ILanes<TV, double>
    {
        TV t0r = ar + br, t0i = ai + bi, t1r = ar - br, t1i = ai - bi;
        TV t2r = cr + dr, t2i = ci + di, t3r = cr - dr, t3i = ci - di;
        return (t0r + t2r, t0i + t2i, t1r + t3i, t1i - t3r, t0r - t2r, t0i - t2i, t1r - t3i, t1i + t3r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Lows(Vector128<double> a, Vector128<double> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a.GetElement(0), b.GetElement(0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Highs(Vector128<double> a, Vector128<double> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a.GetElement(1), b.GetElement(1));

    /// <summary>How one vector width loads a run of <c>z</c> and stores its butterflies' results.</summary>
    private interface IWidth<TV>
        where TV : struct, ILanes<TV, double>
    {
        /// <summary>Butterflies per step, one per lane.</summary>
        static abstract int Butterflies { get; }

        /// <summary>Real and imaginary parts of <c>z[n..n+Butterflies)</c>, windowed and widened.</summary>
        static abstract (TV Re, TV Im) Load(in Legs legs, int n);

        /// <summary>Each lane's four results, consecutive, where its butterfly's points go.</summary>
        static abstract void Store(ref double target, in Targets targets, int j, TV o0, TV o1, TV o2, TV o3);
    }

    /// <summary>Two butterflies per step in 128-bit vectors, lanes <c>j</c> and <c>j+1</c>.</summary>
    private readonly struct Pairs : IWidth<Lanes128<double>>
    {
        public static int Butterflies => 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Lanes128<double> Re, Lanes128<double> Im) Load(in Legs legs, int n)
        {
            var at = (nuint)(2 * n);
            var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref legs.Input, at));
            low *= Vector128.LoadUnsafe(ref legs.Window, at);
            high *= Vector128.LoadUnsafe(ref legs.Window, at + 2);
            return (new(Lows(low, high)), new(Highs(low, high)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref double target, in Targets targets, int j, Lanes128<double> o0, Lanes128<double> o1,
            Lanes128<double> o2, Lanes128<double> o3)
        {
            var first = targets.Position(j);
            var second = targets.Position(j + 1);
            Lows(o0.Value, o1.Value).StoreUnsafe(ref target, first);
            Lows(o2.Value, o3.Value).StoreUnsafe(ref target, first + 2);
            Highs(o0.Value, o1.Value).StoreUnsafe(ref target, second);
            Highs(o2.Value, o3.Value).StoreUnsafe(ref target, second + 2);
        }
    }

    /// <summary>Four butterflies per step in 256-bit vectors; lanes hold <c>j, j+2, j+1, j+3</c>, the order unpacking leaves.</summary>
    private readonly struct Quads : IWidth<Lanes256<double>>
    {
        public static int Butterflies => 4;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Lanes256<double> Re, Lanes256<double> Im) Load(in Legs legs, int n)
        {
            var at = (nuint)(2 * n);
            var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref legs.Input, at));
            low *= Vector256.LoadUnsafe(ref legs.Window, at);
            high *= Vector256.LoadUnsafe(ref legs.Window, at + 4);
            return (new(Avx.UnpackLow(low, high)), new(Avx.UnpackHigh(low, high)));
        }

        // Row k of the 4 x 4 block (outputs x lanes) becomes lane k's four consecutive values.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref double target, in Targets targets, int j, Lanes256<double> o0, Lanes256<double> o1,
            Lanes256<double> o2, Lanes256<double> o3)
        {
            var u0 = Avx.UnpackLow(o0.Value, o1.Value);
            var u1 = Avx.UnpackHigh(o0.Value, o1.Value);
            var u2 = Avx.UnpackLow(o2.Value, o3.Value);
            var u3 = Avx.UnpackHigh(o2.Value, o3.Value);
            Avx.Permute2x128(u0, u2, 0x20).StoreUnsafe(ref target, targets.Position(j));
            Avx.Permute2x128(u1, u3, 0x20).StoreUnsafe(ref target, targets.Position(j + 2));
            Avx.Permute2x128(u0, u2, 0x31).StoreUnsafe(ref target, targets.Position(j + 1));
            Avx.Permute2x128(u1, u3, 0x31).StoreUnsafe(ref target, targets.Position(j + 3));
        }
    }

    /// <summary>The input and the window, read in runs.</summary>
    private readonly ref struct Legs(ref float input, ref double window, int half)
    {
        public readonly ref float Input = ref input;
        public readonly ref double Window = ref window;

        public int Half { get; } = half;
    }

    /// <summary>The output arrays and where butterfly <c>j</c>'s four points go: <c>4 rev(j)</c>, which is <c>4 bitReverse[4j]</c>.</summary>
    private readonly ref struct Targets(ref double re, ref double im, ref int bitReverse)
    {
        public readonly ref double Re = ref re;
        public readonly ref double Im = ref im;
        private readonly ref int _bitReverse = ref bitReverse;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nuint Position(int j) => (nuint)(4 * Unsafe.Add(ref _bitReverse, 4 * j));

    }
}
