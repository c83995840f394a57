namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>Measurements and helpers shared by the resampling tests.</summary>
internal static class Signals
{
    /// <summary>Signal-to-noise ratio of <paramref name="actual"/> against <paramref name="expected"/>, in dB.</summary>
    public static double SnrDb(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            signal += (double)expected[i] * expected[i];
            var e = (double)expected[i] - actual[i];
            noise += e * e;
        }
        return 10 * Math.Log10(signal / Math.Max(noise, 1e-300));
    }

    /// <summary>A sine of amplitude <paramref name="amplitude"/>, computed in double and stored as float.</summary>
    public static float[] Sine(double frequency, double rate, int length, double amplitude = 0.5, double phase = 0.3)
    {
        var x = new float[length];
        for (var i = 0; i < length; i++)
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate + phase));
        return x;
    }

    /// <summary>Root mean square of a span.</summary>
    public static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x) sum += (double)v * v;
        return Math.Sqrt(sum / x.Length);
    }

    /// <summary>
    /// Least-squares fit of a sinusoid of known frequency: returns its amplitude and the RMS of what remains.
    /// </summary>
    public static (double Amplitude, double ResidualRms) FitSine(ReadOnlySpan<float> y, double frequency, double rate)
    {
        // Solve the 2×2 normal equations for a·sin + b·cos (the basis is not exactly orthogonal on a finite span).
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = 2 * Math.PI * frequency * i / rate;
            double s = Math.Sin(w), c = Math.Cos(w);
            ss += s * s; cc += c * c; sc += s * c; ys += y[i] * s; yc += y[i] * c;
        }
        var det = ss * cc - sc * sc;
        var a = (ys * cc - yc * sc) / det;
        var b = (yc * ss - ys * sc) / det;
        double residual = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = 2 * Math.PI * frequency * i / rate;
            var e = y[i] - (a * Math.Sin(w) + b * Math.Cos(w));
            residual += e * e;
        }
        return (Math.Sqrt(a * a + b * b), Math.Sqrt(residual / y.Length));
    }

    /// <summary>Pushes <paramref name="input"/> through <paramref name="resampler"/> in random-sized blocks and flushes.</summary>
    public static float[] StreamInRandomBlocks(float[] input, StreamingResampler resampler, int seed, int maxBlock)
    {
        var random = new Random(seed);
        var output = new List<float>();
        var buffer = new float[64];
        for (var position = 0; position < input.Length;)
        {
            // Mix tiny blocks (shorter than the filter) with large ones.
            var size = Math.Min(input.Length - position, random.Next(2) == 0 ? random.Next(0, 8) : random.Next(1, maxBlock));
            var block = input.AsSpan(position, size);
            var needed = resampler.GetOutputLength(size);
            if (buffer.Length < needed) buffer = new float[needed];
            var written = resampler.Process(block, buffer);
            Assert.Equal(needed, written);
            output.AddRange(buffer.AsSpan(0, written));
            position += size;
        }
        var tail = new float[resampler.GetFlushLength()];
        Assert.Equal(tail.Length, resampler.Flush(tail));
        output.AddRange(tail);
        return output.ToArray();
    }
}
