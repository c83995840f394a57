namespace EmotionRecognition.Augmentation;

/// <summary><c>librosa.phase_vocoder</c> on a frame-major complex STFT.</summary>
internal static class PhaseVocoder
{
    /// <summary>Resamples the STFT's frames at steps of <paramref name="rate"/>, keeping phase advance per bin coherent.</summary>
    public static (double[] Real, double[] Imaginary, int Frames) Stretch(
        double[] real, double[] imaginary, int frames, int bins, int hopLength, double rate)
    {
        var (magnitude, angle) = Polar(real, imaginary, frames, bins);
        var steps = (int)Math.Ceiling(frames / rate);
        var outReal = new double[steps * bins];
        var outImaginary = new double[steps * bins];
        // Expected phase advance per hop for each bin's centre frequency (np.linspace(0, pi * hop, bins)).
        var advance = new double[bins];
        for (var k = 0; k < bins; k++)
            advance[k] = Math.PI * hopLength * k / (bins - 1);
        // librosa keeps the accumulated phase in float32 (np.angle of complex64); rounding it the same way
        // keeps high bins in step with librosa's output.
        var phase = angle.AsSpan(0, bins).ToArray();
        for (var t = 0; t < steps; t++)
        {
            var step = t * rate;
            var left = (int)step * bins;
            var right = left + bins;
            var alpha = step - Math.Floor(step);
            for (var k = 0; k < bins; k++)
            {
                var m = (1.0 - alpha) * magnitude[left + k] + alpha * magnitude[right + k];
                var (sin, cos) = Math.SinCos(phase[k]);
                outReal[t * bins + k] = m * cos;
                outImaginary[t * bins + k] = m * sin;
                var delta = (double)angle[right + k] - angle[left + k] - advance[k];
                delta -= 2.0 * Math.PI * Math.Round(delta / (2.0 * Math.PI), MidpointRounding.ToEven);
                phase[k] = (float)(phase[k] + (advance[k] + delta));
            }
        }
        return (outReal, outImaginary, steps);
    }

    // Magnitudes and angles in float32 as librosa sees them, with two zero frames appended (librosa pads
    // the STFT by two columns so the last steps can interpolate).
    private static (float[] Magnitude, float[] Angle) Polar(double[] real, double[] imaginary, int frames, int bins)
    {
        var magnitude = new float[(frames + 2) * bins];
        var angle = new float[(frames + 2) * bins];
        for (var i = 0; i < frames * bins; i++)
        {
            var re = (float)real[i];
            var im = (float)imaginary[i];
            magnitude[i] = MathF.Sqrt(re * re + im * im);
            angle[i] = MathF.Atan2(im, re);
        }
        return (magnitude, angle);
    }
}
