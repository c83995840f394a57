using System.Collections.Concurrent;

namespace EmotionRecognition.Audio;

/// <summary>
/// Computes output samples of a fixed rate conversion from a window of input samples. Output <c>t</c> sits at
/// input time <c>t · inputRate / outputRate</c>; with <c>n</c> the input sample at or before that time, it
/// is the dot product of a row of <see cref="Width"/> filter taps with the input samples starting at
/// <c>n - <see cref="WingTaps"/> + 1</c> (samples outside the signal count as zeros).
/// Kernels are immutable and shared between threads.
/// </summary>
internal abstract class ResamplingKernel
{
    // A bank bigger than this is slower to build than it saves; such ratios interpolate the table per sample.
    private const int MaxBankFloats = 1 << 20;
    // Kernels hold up to a few MB; a process that uses many ratios builds the rarer ones per call instead.
    private const int MaxCachedKernels = 16;
    private static readonly ConcurrentDictionary<(double, double, ResamplerQuality), ResamplingKernel> Cache = new();

    protected ResamplingKernel(SincTable table, double inputRate, double outputRate)
    {
        Table = table;
        Scale = Math.Min(1.0, outputRate / inputRate);
        Stride = StrideFor(table, inputRate, outputRate);
        if (Stride < 1)
            throw new ArgumentOutOfRangeException(nameof(outputRate), outputRate,
                $"Downsampling by more than {table.PointsPerCrossing}x is beyond this filter's table resolution.");
        WingTaps = table.MaxWingTaps(Stride);
        Width = WidthFor(WingTaps);
    }

    /// <summary>The most input samples one wing of the filter spans.</summary>
    public int WingTaps { get; }

    /// <summary>Taps per output sample, a multiple of 16 so the dot product needs no tail.</summary>
    public int Width { get; }

    /// <summary>How many input samples after <c>n</c> an output reads.</summary>
    public int Lookahead => Width - WingTaps;

    /// <summary>
    /// min(1, outputRate / inputRate): the filter's cutoff relative to the input Nyquist. Downsampling also
    /// scales the taps by it, since the stretched sinc would otherwise have a gain of 1 / Scale.
    /// </summary>
    protected double Scale { get; }

    /// <summary>The windowed sinc this kernel samples.</summary>
    protected SincTable Table { get; }

    /// <summary>Table points between successive taps of one wing.</summary>
    protected int Stride { get; }

    /// <summary>The kernel for a conversion (cached): a polyphase bank for rational ratios, table interpolation otherwise.</summary>
    public static ResamplingKernel For(double inputRate, double outputRate, ResamplerQuality quality)
    {
        var key = (inputRate, outputRate, quality);
        if (Cache.TryGetValue(key, out var cached))
            return cached;
        var table = SincTable.For(quality);
        var kernel = (ResamplingKernel?)PolyphaseKernel.TryCreate(table, inputRate, outputRate, MaxBankFloats)
            ?? new InterpolatingKernel(table, inputRate, outputRate);
        if (Cache.Count < MaxCachedKernels)
            kernel = Cache.GetOrAdd(key, kernel);
        return kernel;
    }

    /// <summary>Table points between taps: resampy truncates <c>scale · P</c>, and so must we to keep its response.</summary>
    protected static int StrideFor(SincTable table, double inputRate, double outputRate) =>
        (int)(Math.Min(1.0, outputRate / inputRate) * table.PointsPerCrossing);

    /// <summary>Both wings, rounded up to a multiple of 16.</summary>
    protected static int WidthFor(int wingTaps) => (2 * wingTaps + 15) & ~15;

    /// <summary>The input sample <c>n</c> at or before output <paramref name="t"/>.</summary>
    public abstract long InputIndex(long t);

    /// <summary>The number of outputs whose input sample <c>n</c> is at most <paramref name="lastInput"/>.</summary>
    public abstract long OutputsUpTo(long lastInput);

    /// <summary>
    /// Computes outputs <paramref name="firstOutput"/> onwards into <paramref name="destination"/>, reading input
    /// sample <c>i</c> from <c>input[i - inputStart]</c>; the caller guarantees every window lies inside.
    /// </summary>
    /// <remarks><paramref name="scratch"/> holds at least <see cref="Width"/> floats for kernels that build rows on the fly.</remarks>
    public abstract void Run(long firstOutput, Span<float> destination, ReadOnlySpan<float> input, long inputStart, Span<float> scratch);
}
