using System.Numerics.Tensors;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Augmentation;

/// <summary>
/// What a microphone, a codec and a room do to a voice, simulated so that a model learns the voice and not the studio:
/// band-limiting (telephone and wide-band audio), a random equaliser and gain, synthetic reverberation, noise at a set
/// signal-to-noise ratio, and speed perturbation.
/// </summary>
/// <remarks>All methods return new arrays and leave their input alone; randomness comes only from the given <see cref="Random"/>.</remarks>
public static class ChannelSimulation
{
    /// <summary>The signal as a channel of <paramref name="bandwidthRate"/> Hz would carry it: down to that rate and back up.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <param name="bandwidthRate">The channel's sample rate (8,000 for telephone audio); nothing above half of it survives.</param>
    public static float[] BandLimit(ReadOnlySpan<float> signal, int sampleRate, int bandwidthRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bandwidthRate, 0);
        if (bandwidthRate >= sampleRate) return signal.ToArray();
        var narrow = Resampler.Resample(signal, sampleRate, bandwidthRate, ResamplerQuality.Fast);
        var back = Resampler.Resample(narrow, bandwidthRate, sampleRate, ResamplerQuality.Fast);
        var result = new float[signal.Length];
        back.AsSpan(0, Math.Min(back.Length, result.Length)).CopyTo(result);
        return result;
    }

    /// <summary>A random peaking equaliser (300 Hz-3 kHz, ±<paramref name="maxGainDb"/>) and a random overall gain of the same range.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <param name="random">The random source.</param>
    /// <param name="maxGainDb">The largest boost or cut, in dB.</param>
    public static float[] Equalize(ReadOnlySpan<float> signal, int sampleRate, Random random, double maxGainDb = 6)
    {
        ArgumentNullException.ThrowIfNull(random);
        var centre = 300 * Math.Pow(10, random.NextDouble());
        var bandGain = (2 * random.NextDouble() - 1) * maxGainDb;
        var gain = Math.Pow(10, (2 * random.NextDouble() - 1) * maxGainDb / 20);
        // The peaking biquad of the Audio EQ Cookbook (R. Bristow-Johnson), Q = 1.
        var a = Math.Pow(10, bandGain / 40);
        var w = 2 * Math.PI * Math.Min(centre, 0.45 * sampleRate) / sampleRate;
        var alpha = Math.Sin(w) / 2;
        var cos = Math.Cos(w);
        var a0 = 1 + alpha / a;
        double b0 = (1 + alpha * a) / a0, b1 = -2 * cos / a0, b2 = (1 - alpha * a) / a0, a1 = -2 * cos / a0, a2 = (1 - alpha / a) / a0;
        var output = new float[signal.Length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            double x = signal[i];
            var y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            (x2, x1, y2, y1) = (x1, x, y1, y);
            output[i] = (float)(gain * y);
        }
        return output;
    }

    /// <summary>
    /// Convolves the signal with a synthetic room response: Gaussian noise decaying to -60 dB in a random RT60 between
    /// <paramref name="minRt60"/> and <paramref name="maxRt60"/> seconds (cut at 250 ms), mixed with the dry signal so its level stays.
    /// </summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <param name="random">The random source.</param>
    /// <param name="minRt60">Shortest reverberation time (s).</param>
    /// <param name="maxRt60">Longest reverberation time (s).</param>
    public static float[] Reverberate(ReadOnlySpan<float> signal, int sampleRate, Random random, double minRt60 = 0.15, double maxRt60 = 0.5)
    {
        ArgumentNullException.ThrowIfNull(random);
        var rt60 = minRt60 + random.NextDouble() * (maxRt60 - minRt60);
        var taps = Math.Max(1, (int)(0.25 * sampleRate));
        var response = new float[taps];
        var decay = Math.Log(1000) / (rt60 * sampleRate);
        double energy = 0;
        for (var i = 1; i < taps; i++)
        {
            response[i] = (float)(Gaussian(random) * Math.Exp(-decay * i));
            energy += response[i] * (double)response[i];
        }
        // Direct sound at 1; the tail scaled to a random 20-50 % of its energy.
        var wet = Math.Sqrt((0.2 + 0.3 * random.NextDouble()) / Math.Max(energy, 1e-12));
        TensorPrimitives.Multiply(response, (float)wet, response);
        response[0] = 1;
        // Reversed response, so each output sample is one dot product over the recent input.
        Array.Reverse(response);
        var padded = new float[signal.Length + taps - 1];
        signal.CopyTo(padded.AsSpan(taps - 1));
        var output = new float[signal.Length];
        for (var i = 0; i < output.Length; i++)
            output[i] = TensorPrimitives.Dot(padded.AsSpan(i, taps), response);
        // MaxMagnitude returns the signed sample of largest magnitude.
        var peak = Math.Abs(TensorPrimitives.MaxMagnitude(output));
        var originalPeak = signal.IsEmpty ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude(signal));
        if (peak > 0 && originalPeak > 0)
            TensorPrimitives.Multiply(output, originalPeak / peak, output);
        return output;
    }

    /// <summary>Adds white Gaussian noise at <paramref name="snrDb"/> dB below the signal's mean power.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="snrDb">Signal-to-noise ratio in dB.</param>
    /// <param name="random">The random source.</param>
    public static float[] AddNoise(ReadOnlySpan<float> signal, double snrDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (signal.IsEmpty) return [];
        var power = TensorPrimitives.SumOfSquares(signal) / signal.Length;
        var sigma = Math.Sqrt(power / Math.Pow(10, snrDb / 10));
        var output = new float[signal.Length];
        for (var i = 0; i < output.Length; i++)
            output[i] = (float)(signal[i] + sigma * Gaussian(random));
        return output;
    }

    /// <summary>The signal played <paramref name="factor"/> times faster (tempo and pitch together), by resampling.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <param name="factor">Speed factor, e.g. 0.9 to 1.1.</param>
    public static float[] ChangeSpeed(ReadOnlySpan<float> signal, int sampleRate, double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "must be positive");
        return Resampler.Resample(signal, sampleRate * factor, sampleRate, ResamplerQuality.Fast);
    }

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
