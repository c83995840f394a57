using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Features;

/// <summary>
/// Discrete Fourier transform of real signals whose length is a power of two, computed as a half-size
/// complex FFT (radix 2, split real/imaginary arrays so butterflies vectorise) followed by the usual
/// even/odd untangling step. Spectra are one-sided: <c>Size / 2 + 1</c> bins.
/// </summary>
/// <remarks>
/// Instances hold only read-only tables, so one per size is cached and shared by all threads; callers
/// pass their own buffers. Forward is unscaled (numpy <c>rfft</c>); inverse is scaled by 1/Size and ignores
/// the imaginary parts of the DC and Nyquist bins (numpy <c>irfft</c>).
/// </remarks>
internal sealed class RealFft<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Half = T.CreateTruncating(0.5);
    private static readonly ConcurrentDictionary<int, RealFft<T>> Cache = new();

    private readonly int _half;
    private readonly int[] _bitReverse;
    // Twiddles of the butterfly stage with half-width h live at [h, 2h): exp(-i pi j / h).
    private readonly T[] _stageCos;
    private readonly T[] _stageSin;
    // exp(-2 pi i k / Size) for k in [0, Size/2].
    private readonly T[] _postCos;
    private readonly T[] _postSin;

    private RealFft(int size)
    {
        Size = size;
        _half = size / 2;
        _bitReverse = BitReversal(_half);
        (_stageCos, _stageSin) = StageTwiddles(_half);
        _postCos = new T[_half + 1];
        _postSin = new T[_half + 1];
        for (var k = 0; k <= _half; k++)
        {
            var angle = -2.0 * Math.PI * k / size;
            _postCos[k] = T.CreateTruncating(Math.Cos(angle));
            _postSin[k] = T.CreateTruncating(Math.Sin(angle));
        }
    }

    /// <summary>The real signal length (a power of two, at least 4).</summary>
    public int Size { get; }

    /// <summary>One-sided spectrum length, <c>Size / 2 + 1</c>.</summary>
    public int BinCount => _half + 1;

    /// <summary>The shared transform for <paramref name="size"/>.</summary>
    public static RealFft<T> ForSize(int size)
    {
        if (size < 4 || !BitOperations.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two, at least 4.");
        return Cache.GetOrAdd(size, static n => new RealFft<T>(n));
    }

    /// <summary>One-sided spectrum of <paramref name="input"/> into <paramref name="real"/> and <paramref name="imaginary"/>.</summary>
    /// <param name="input"><see cref="Size"/> samples.</param>
    /// <param name="real">At least <see cref="BinCount"/> values; also used as work space.</param>
    /// <param name="imaginary">At least <see cref="BinCount"/> values; also used as work space.</param>
    public void Forward(ReadOnlySpan<T> input, Span<T> real, Span<T> imaginary)
    {
        CheckLengths(input.Length, real.Length, imaginary.Length);
        var rev = _bitReverse;
        // Even samples become the real parts, odd samples the imaginary parts of a half-size complex signal.
        for (var k = 0; k < _half; k++)
        {
            var source = 2 * rev[k];
            real[k] = input[source];
            imaginary[k] = input[source + 1];
        }
        ComplexInPlace(real[.._half], imaginary[.._half]);
        UntangleForward(real, imaginary);
    }

    /// <summary>
    /// One-sided spectrum of <paramref name="input"/> multiplied by <paramref name="window"/>; windowing,
    /// widening and the bit-reversal permutation happen in one pass.
    /// </summary>
    /// <param name="input"><see cref="Size"/> samples.</param>
    /// <param name="window"><see cref="Size"/> window values.</param>
    /// <param name="real">At least <see cref="BinCount"/> values; also used as work space.</param>
    /// <param name="imaginary">At least <see cref="BinCount"/> values; also used as work space.</param>
    public void Forward(ReadOnlySpan<float> input, ReadOnlySpan<T> window, Span<T> real, Span<T> imaginary)
    {
        CheckLengths(input.Length, real.Length, imaginary.Length);
        if (window.Length != Size)
            throw new ArgumentException($"Expected a window of {Size} values, got {window.Length}.", nameof(window));
        if (_half < 4)
        {
            for (var k = 0; k < _half; k++)
            {
                var source = 2 * _bitReverse[k];
                real[k] = T.CreateTruncating(input[source]) * window[source];
                imaginary[k] = T.CreateTruncating(input[source + 1]) * window[source + 1];
            }
            ComplexInPlace(real[.._half], imaginary[.._half]);
        }
        else
        {
            var width = SimdWidth.Current;
            if (typeof(T) == typeof(double) && WindowedGather.Handles(_half, width))
            {
                WindowedGather.Run(input, MemoryMarshal.Cast<T, double>(window), _bitReverse,
                    MemoryMarshal.Cast<T, double>(real), MemoryMarshal.Cast<T, double>(imaginary), width);
            }
            else
            {
                GatherFirstTwoStages(input, window, real, imaginary);
            }
            LaterStages(real[.._half], imaginary[.._half], 4);
        }
        UntangleForward(real, imaginary);
    }

    /// <summary>Real signal whose one-sided spectrum is (<paramref name="real"/>, <paramref name="imaginary"/>).</summary>
    /// <param name="real">At least <see cref="BinCount"/> values.</param>
    /// <param name="imaginary">At least <see cref="BinCount"/> values.</param>
    /// <param name="output"><see cref="Size"/> samples.</param>
    /// <param name="workReal">At least <c>Size / 2</c> values of scratch.</param>
    /// <param name="workImaginary">At least <c>Size / 2</c> values of scratch.</param>
    public void Inverse(ReadOnlySpan<T> real, ReadOnlySpan<T> imaginary, Span<T> output,
        Span<T> workReal, Span<T> workImaginary)
    {
        CheckLengths(output.Length, real.Length, imaginary.Length);
        if (workReal.Length < _half || workImaginary.Length < _half)
            throw new ArgumentException("The work buffers are too short.");
        var m = _half;
        var rev = _bitReverse;
        for (var k = 0; k < m; k++)
        {
            // Rebuild the half-size complex spectrum Z[k] = E[k] + i O[k] from X[k] and conj(X[M-k]).
            var xr = real[k];
            var xi = k == 0 ? T.Zero : imaginary[k];
            var yr = real[m - k];
            var yi = k == 0 ? T.Zero : -imaginary[m - k];
            var er = Half * (xr + yr);
            var ei = Half * (xi + yi);
            var dr = Half * (xr - yr);
            var di = Half * (xi - yi);
            var c = _postCos[k];
            var s = -_postSin[k];
            var or = dr * c - di * s;
            var oi = dr * s + di * c;
            // Conjugate on the way in and out turns the forward kernel into the inverse one.
            workReal[rev[k]] = er - oi;
            workImaginary[rev[k]] = -(ei + or);
        }
        ComplexInPlace(workReal[..m], workImaginary[..m]);
        var scale = T.One / T.CreateTruncating(m);
        for (var n = 0; n < m; n++)
        {
            output[2 * n] = workReal[n] * scale;
            output[2 * n + 1] = -workImaginary[n] * scale;
        }
    }

    private void CheckLengths(int signal, int real, int imaginary)
    {
        if (signal != Size)
            throw new ArgumentException($"Expected {Size} samples, got {signal}.");
        if (real < BinCount || imaginary < BinCount)
            throw new ArgumentException($"The spectrum buffers need {BinCount} values.");
    }

    private void UntangleForward(Span<T> re, Span<T> im)
    {
        var m = _half;
        var r0 = re[0];
        var i0 = im[0];
        re[0] = r0 + i0;
        im[0] = T.Zero;
        re[m] = r0 - i0;
        im[m] = T.Zero;
        var k = SimdWidth.Current switch
        {
            VectorWidth.Bits512 => UntangleForward<Lanes512<T>>(re, im),
            VectorWidth.Bits256 => UntangleForward<Lanes256<T>>(re, im),
            VectorWidth.Bits128 => UntangleForward<Lanes128<T>>(re, im),
            _ => 1,
        };
        for (; k <= m / 2; k++)
        {
            var j = m - k;
            var zr = re[k];
            var zi = im[k];
            var cr = re[j];
            var ci = -im[j];
            var er = Half * (zr + cr);
            var ei = Half * (zi + ci);
            var or = Half * (zi - ci);
            var oi = -Half * (zr - cr);
            var c = _postCos[k];
            var s = _postSin[k];
            var wr = or * c - oi * s;
            var wi = or * s + oi * c;
            // X[M-k] = conj(E - W^k O); written first so k == M/2 ends with X[k] = E + W^k O.
            re[j] = er - wr;
            im[j] = -(ei - wi);
            re[k] = er + wr;
            im[k] = ei + wi;
        }
    }

    // The same step for blocks of bins k..k+V-1 against their mirrors M-k-V+1..M-k (loaded, then reversed
    // lane order), stopping before the blocks would meet; returns the first bin left for the scalar loop.
    private int UntangleForward<TLanes>(Span<T> re, Span<T> im)
        where TLanes : struct, ILanes<TLanes, T>
    {
        var count = TLanes.Count;
        var m = _half;
        ref var r = ref MemoryMarshal.GetReference(re);
        ref var i = ref MemoryMarshal.GetReference(im);
        ref var pc = ref MemoryMarshal.GetArrayDataReference(_postCos);
        ref var ps = ref MemoryMarshal.GetArrayDataReference(_postSin);
        var half = TLanes.Create(Half);
        var k = 1;
        for (; k + count - 1 < m / 2; k += count)
        {
            var mirror = (nuint)(m - k - count + 1);
            var zr = TLanes.Load(ref r, (nuint)k);
            var zi = TLanes.Load(ref i, (nuint)k);
            var cr = TLanes.Load(ref r, mirror).Reverse();
            var ci = -TLanes.Load(ref i, mirror).Reverse();
            var er = half * (zr + cr);
            var ei = half * (zi + ci);
            var or = half * (zi - ci);
            var oi = half * (cr - zr);
            var c = TLanes.Load(ref pc, (nuint)k);
            var s = TLanes.Load(ref ps, (nuint)k);
            var wr = or * c - oi * s;
            var wi = or * s + oi * c;
            (er - wr).Reverse().Store(ref r, mirror);
            (wi - ei).Reverse().Store(ref i, mirror);
            (er + wr).Store(ref r, (nuint)k);
            (ei + wi).Store(ref i, (nuint)k);
        }
        return k;
    }

    private void ComplexInPlace(Span<T> re, Span<T> im)
    {
        var n = re.Length;
        FirstTwoStages(re, im);
        LaterStages(re, im, 4);
    }

    // Butterfly stages from half-width h up, each at the widest vectors that fit its half-width.
    private void LaterStages(Span<T> re, Span<T> im, int h)
    {
        var n = re.Length;
        var width = SimdWidth.Current;
        while (h < n)
        {
            var fit = SimdWidth.Fit<T>(width, h);
            if (fit != VectorWidth.Scalar && 4 * h <= n)
            {
                RadixFourStage(re, im, h, fit);
                h <<= 2;
                continue;
            }
            switch (fit)
            {
                case VectorWidth.Bits512: Stage<Lanes512<T>>(re, im, h); break;
                case VectorWidth.Bits256: Stage<Lanes256<T>>(re, im, h); break;
                case VectorWidth.Bits128: Stage<Lanes128<T>>(re, im, h); break;
                default: StageScalar(re, im, h); break;
            }
            h <<= 1;
        }
    }

    private void RadixFourStage(Span<T> re, Span<T> im, int h, VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.Bits512: RadixFourStage<Lanes512<T>>(re, im, h); break;
            case VectorWidth.Bits256: RadixFourStage<Lanes256<T>>(re, im, h); break;
            default: RadixFourStage<Lanes128<T>>(re, im, h); break;
        }
    }

    // Two radix-2 stages (half-widths h and 2h) in one pass: three complex multiplies per four points
    // instead of four, and half the loads and stores. The second stage's odd twiddle is w2 * (-i).
    private void RadixFourStage<TLanes>(Span<T> re, Span<T> im, int h)
        where TLanes : struct, ILanes<TLanes, T>
    {
        ref var r = ref MemoryMarshal.GetReference(re);
        ref var i = ref MemoryMarshal.GetReference(im);
        ref var wc = ref MemoryMarshal.GetArrayDataReference(_stageCos);
        ref var ws = ref MemoryMarshal.GetArrayDataReference(_stageSin);
        var n = re.Length;
        for (var s = 0; s < n; s += 4 * h)
        {
            for (var j = 0; j < h; j += TLanes.Count)
            {
                var a = (nuint)(s + j);
                var b = a + (nuint)h;
                var c = b + (nuint)h;
                var d = c + (nuint)h;
                var w1r = TLanes.Load(ref wc, (nuint)(h + j));
                var w1i = TLanes.Load(ref ws, (nuint)(h + j));
                var w2r = TLanes.Load(ref wc, (nuint)(2 * h + j));
                var w2i = TLanes.Load(ref ws, (nuint)(2 * h + j));
                var ar = TLanes.Load(ref r, a);
                var ai = TLanes.Load(ref i, a);
                var br = TLanes.Load(ref r, b);
                var bi = TLanes.Load(ref i, b);
                var cr = TLanes.Load(ref r, c);
                var ci = TLanes.Load(ref i, c);
                var dr = TLanes.Load(ref r, d);
                var di = TLanes.Load(ref i, d);
                var tbr = br * w1r - bi * w1i;
                var tbi = br * w1i + bi * w1r;
                var tdr = dr * w1r - di * w1i;
                var tdi = dr * w1i + di * w1r;
                var a1r = ar + tbr;
                var a1i = ai + tbi;
                var b1r = ar - tbr;
                var b1i = ai - tbi;
                var c1r = cr + tdr;
                var c1i = ci + tdi;
                var d1r = cr - tdr;
                var d1i = ci - tdi;
                var tcr = c1r * w2r - c1i * w2i;
                var tci = c1r * w2i + c1i * w2r;
                // (x + iy) * (-i) = y - ix
                var udr = d1r * w2i + d1i * w2r;
                var udi = -(d1r * w2r - d1i * w2i);
                (a1r + tcr).Store(ref r, a);
                (a1i + tci).Store(ref i, a);
                (a1r - tcr).Store(ref r, c);
                (a1i - tci).Store(ref i, c);
                (b1r + udr).Store(ref r, b);
                (b1i + udi).Store(ref i, b);
                (b1r - udr).Store(ref r, d);
                (b1i - udi).Store(ref i, d);
            }
        }
    }

    // Windowing, widening, the bit-reversal permutation and the first radix-4 pass in one sweep, so the
    // work arrays are written once instead of three times.
    private void GatherFirstTwoStages(ReadOnlySpan<float> input, ReadOnlySpan<T> window, Span<T> re, Span<T> im)
    {
        // Bounds were checked by Forward; this scalar sweep is a large part of a frame, so it indexes by reference.
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var w = ref MemoryMarshal.GetReference(window);
        ref var rev = ref MemoryMarshal.GetArrayDataReference(_bitReverse);
        for (var s = 0; s < _half; s += 4)
        {
            int p0 = 2 * Unsafe.Add(ref rev, s), p1 = 2 * Unsafe.Add(ref rev, s + 1);
            int p2 = 2 * Unsafe.Add(ref rev, s + 2), p3 = 2 * Unsafe.Add(ref rev, s + 3);
            RadixFour(re, im, s, Windowed(ref x, ref w, p0), Windowed(ref x, ref w, p0 + 1), Windowed(ref x, ref w, p1),
                Windowed(ref x, ref w, p1 + 1), Windowed(ref x, ref w, p2), Windowed(ref x, ref w, p2 + 1),
                Windowed(ref x, ref w, p3), Windowed(ref x, ref w, p3 + 1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Windowed(ref float input, ref T window, int index) =>
        T.CreateTruncating(Unsafe.Add(ref input, index)) * Unsafe.Add(ref window, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RadixFour(Span<T> re, Span<T> im, int s, T ar, T ai, T br, T bi, T cr, T ci, T dr, T di)
    {
        T t0r = ar + br, t0i = ai + bi, t1r = ar - br, t1i = ai - bi;
        T t2r = cr + dr, t2i = ci + di, t3r = cr - dr, t3i = ci - di;
        // One check for the four points instead of eight.
        ref var r = ref re.Slice(s, 4)[0];
        ref var i = ref im.Slice(s, 4)[0];
        r = t0r + t2r;
        i = t0i + t2i;
        Unsafe.Add(ref r, 2) = t0r - t2r;
        Unsafe.Add(ref i, 2) = t0i - t2i;
        // t3 * (-i) = (t3i, -t3r)
        Unsafe.Add(ref r, 1) = t1r + t3i;
        Unsafe.Add(ref i, 1) = t1i - t3r;
        Unsafe.Add(ref r, 3) = t1r - t3i;
        Unsafe.Add(ref i, 3) = t1i + t3r;
    }

    // Radix-4 pass replacing the two trivial stages (twiddles 1 and -i).
    private static void FirstTwoStages(Span<T> re, Span<T> im)
    {
        var n = re.Length;
        if (n == 2)
        {
            (re[0], re[1]) = (re[0] + re[1], re[0] - re[1]);
            (im[0], im[1]) = (im[0] + im[1], im[0] - im[1]);
            return;
        }
        for (var s = 0; s < n; s += 4)
            RadixFour(re, im, s, re[s], im[s], re[s + 1], im[s + 1], re[s + 2], im[s + 2], re[s + 3], im[s + 3]);
    }

    private void StageScalar(Span<T> re, Span<T> im, int h)
    {
        var n = re.Length;
        for (var s = 0; s < n; s += 2 * h)
        {
            for (var j = 0; j < h; j++)
            {
                var wr = _stageCos[h + j];
                var wi = _stageSin[h + j];
                var a = s + j;
                var b = a + h;
                var br = re[b] * wr - im[b] * wi;
                var bi = re[b] * wi + im[b] * wr;
                re[b] = re[a] - br;
                im[b] = im[a] - bi;
                re[a] += br;
                im[a] += bi;
            }
        }
    }

    private void Stage<TLanes>(Span<T> re, Span<T> im, int h)
        where TLanes : struct, ILanes<TLanes, T>
    {
        ref var r = ref MemoryMarshal.GetReference(re);
        ref var i = ref MemoryMarshal.GetReference(im);
        ref var wc = ref MemoryMarshal.GetArrayDataReference(_stageCos);
        ref var ws = ref MemoryMarshal.GetArrayDataReference(_stageSin);
        var n = re.Length;
        for (var s = 0; s < n; s += 2 * h)
        {
            for (var j = 0; j < h; j += TLanes.Count)
            {
                var a = (nuint)(s + j);
                var b = a + (nuint)h;
                var wr = TLanes.Load(ref wc, (nuint)(h + j));
                var wi = TLanes.Load(ref ws, (nuint)(h + j));
                var xr = TLanes.Load(ref r, b);
                var xi = TLanes.Load(ref i, b);
                var br = xr * wr - xi * wi;
                var bi = xr * wi + xi * wr;
                var ar = TLanes.Load(ref r, a);
                var ai = TLanes.Load(ref i, a);
                (ar + br).Store(ref r, a);
                (ai + bi).Store(ref i, a);
                (ar - br).Store(ref r, b);
                (ai - bi).Store(ref i, b);
            }
        }
    }

    private static int[] BitReversal(int n)
    {
        var bits = BitOperations.Log2((uint)n);
        var table = new int[n];
        for (var k = 0; k < n; k++)
            table[k] = bits == 0 ? 0 : (int)(ReverseBits((uint)k) >> (32 - bits));
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    private static (T[] Cos, T[] Sin) StageTwiddles(int n)
    {
        var cos = new T[Math.Max(2 * n, 2)];
        var sin = new T[cos.Length];
        for (var h = 1; h < n; h <<= 1)
        {
            for (var j = 0; j < h; j++)
            {
                var angle = -Math.PI * j / h;
                cos[h + j] = T.CreateTruncating(Math.Cos(angle));
                sin[h + j] = T.CreateTruncating(Math.Sin(angle));
            }
        }
        return (cos, sin);
    }
}
