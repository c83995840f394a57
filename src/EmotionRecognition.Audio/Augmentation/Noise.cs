namespace EmotionRecognition.Augmentation;

/// <summary>
/// The original project's noise augmentation: <c>x + factor * U * max(x) * N(0, 1)</c>, one uniform draw
/// <c>U</c> in [0, 1) per clip and one standard normal draw per sample.
/// </summary>
public static class Noise
{
    /// <summary>The original project's noise factor.</summary>
    public const double DefaultFactor = 0.035;

    /// <summary>Adds noise drawn from <paramref name="random"/>: first the uniform, then one Gaussian per sample.</summary>
    /// <param name="signal">The clean signal.</param>
    /// <param name="random">The random source; seed it for reproducible copies.</param>
    /// <param name="factor">Noise amplitude relative to <c>U * max(signal)</c>.</param>
    public static float[] Add(ReadOnlySpan<float> signal, Random random, double factor = DefaultFactor)
    {
        ArgumentNullException.ThrowIfNull(random);
        var uniform = random.NextDouble();
        var gaussian = new double[signal.Length];
        for (var i = 0; i < gaussian.Length; i += 2)
        {
            var (first, second) = StandardNormalPair(random);
            gaussian[i] = first;
            if (i + 1 < gaussian.Length) gaussian[i + 1] = second;
        }
        return Add(signal, uniform, gaussian, factor);
    }

    /// <summary>Adds noise from explicit draws (for reproducing another implementation's output).</summary>
    /// <param name="signal">The clean signal.</param>
    /// <param name="uniform">The clip's uniform draw <c>U</c>.</param>
    /// <param name="gaussian">One standard normal draw per sample.</param>
    /// <param name="factor">Noise amplitude relative to <c>U * max(signal)</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="gaussian"/> is shorter than <paramref name="signal"/>.</exception>
    public static float[] Add(ReadOnlySpan<float> signal, double uniform, ReadOnlySpan<double> gaussian, double factor = DefaultFactor)
    {
        if (gaussian.Length < signal.Length)
            throw new ArgumentException($"Need {signal.Length} Gaussian draws, got {gaussian.Length}.", nameof(gaussian));
        if (signal.IsEmpty) return [];
        // max, not max |x|: the original scales by np.amax(data).
        var amplitude = factor * uniform * System.Numerics.Tensors.TensorPrimitives.Max(signal);
        var noisy = new float[signal.Length];
        for (var i = 0; i < noisy.Length; i++)
            noisy[i] = (float)(signal[i] + amplitude * gaussian[i]);
        return noisy;
    }

    // Box-Muller: two independent N(0, 1) values from two uniforms.
    private static (double, double) StandardNormalPair(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        return (radius * Math.Cos(angle), radius * Math.Sin(angle));
    }
}
