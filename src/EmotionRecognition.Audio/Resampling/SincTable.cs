namespace EmotionRecognition.Audio;

/// <summary>
/// The right wing of a Kaiser-windowed sinc sampled <see cref="PointsPerCrossing"/> times per zero crossing,
/// built exactly as resampy's <c>sinc_window</c> builds its pre-computed filters, plus the forward
/// differences used for linear interpolation between table points. Immutable once built.
/// </summary>
internal sealed class SincTable
{
    private static readonly Lazy<SincTable> BestTable = new(() => new SincTable(50, 1 << 13, 12.9846, 0.917347));
    private static readonly Lazy<SincTable> FastTable = new(() => new SincTable(24, 1 << 9, 9.90322, 0.868212));

    private SincTable(int zeroCrossings, int pointsPerCrossing, double beta, double rolloff)
    {
        PointsPerCrossing = pointsPerCrossing;
        var n = zeroCrossings * pointsPerCrossing;
        Window = new double[n + 1];
        var step = (double)zeroCrossings / n;
        var i0Beta = BesselI0(beta);
        for (var i = 0; i <= n; i++)
        {
            var relative = (double)i / n;
            var taper = BesselI0(beta * Math.Sqrt(1 - relative * relative)) / i0Beta;
            Window[i] = taper * rolloff * NormalizedSinc(rolloff * (i * step));
        }
        Delta = new double[n + 1];
        for (var i = 0; i < n; i++)
            Delta[i] = Window[i + 1] - Window[i];
    }

    /// <summary>Table points per zero crossing (resampy's <c>precision</c>).</summary>
    public int PointsPerCrossing { get; }

    /// <summary>The windowed sinc, from its centre to its last zero crossing.</summary>
    public double[] Window { get; }

    /// <summary><c>Window[i + 1] - Window[i]</c>; 0 at the end.</summary>
    public double[] Delta { get; }

    public static SincTable For(ResamplerQuality quality) => quality switch
    {
        ResamplerQuality.Best => BestTable.Value,
        ResamplerQuality.Fast => FastTable.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(quality), quality, "Unknown resampler quality."),
    };

    /// <summary>
    /// The most taps one wing can have when the table is walked in strides of <paramref name="stride"/>.
    /// </summary>
    public int MaxWingTaps(int stride) => Window.Length / stride;

    /// <summary>
    /// Writes one wing of the filter for a fractional distance <paramref name="position"/> (in table points)
    /// from the nearest input sample, walking the table in strides of <paramref name="stride"/> and
    /// interpolating linearly between points, as resampy does. Tap <c>k</c> goes to
    /// <c>destination[k]</c>, or to <c>destination[^(k + 1)]</c> when <paramref name="reversed"/>.
    /// </summary>
    /// <returns>The number of taps written.</returns>
    public int WriteWing(double position, int stride, double gain, Span<float> destination, bool reversed)
    {
        var offset = (int)position;
        var eta = position - offset;
        var taps = (Window.Length - offset) / stride;
        var last = destination.Length - 1;
        for (var k = 0; k < taps; k++)
        {
            var index = offset + k * stride;
            var weight = (float)(gain * (Window[index] + eta * Delta[index]));
            destination[reversed ? last - k : k] = weight;
        }
        return taps;
    }

    private static double NormalizedSinc(double x)
    {
        if (x == 0) return 1;
        var y = Math.PI * x;
        return Math.Sin(y) / y;
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series.</summary>
    private static double BesselI0(double x)
    {
        var quarterSquare = x * x / 4;
        double sum = 1, term = 1;
        for (var k = 1; term > sum * 1e-17; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
