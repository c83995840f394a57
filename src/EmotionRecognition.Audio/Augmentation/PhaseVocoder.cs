using EmotionRecognition.Features;

namespace EmotionRecognition.Augmentation;

/// <summary><c>librosa.phase_vocoder</c> on a frame-major complex STFT.</summary>
internal static class PhaseVocoder
{
    /// <summary>Resamples the STFT's frames at steps of <paramref name="rate"/>, keeping phase advance per bin coherent.</summary>
    public static (double[] Real, double[] Imaginary, int Frames) Stretch(
        double[] real, double[] imaginary, int frames, int bins, int hopLength, double rate)
    {
        var steps = (int)Math.Ceiling(frames / rate);
        var outReal = new double[steps * bins];
        var outImaginary = new double[steps * bins];
        // Expected phase advance per hop for each bin's centre frequency (np.linspace(0, pi * hop, bins)).
        var advance = new double[bins];
        for (var k = 0; k < bins; k++)
            advance[k] = Math.PI * hopLength * k / (bins - 1);
        // librosa keeps the accumulated phase in float32 (np.angle of complex64); rounding it the same way
        // keeps high bins in step with librosa's output.
        var phase = new float[bins];
        for (var k = 0; k < bins; k++)
            phase[k] = Angle(real, imaginary, 0, k, bins, frames);
        for (var t = 0; t < steps; t++)
        {
            var step = t * rate;
            var left = (int)step;
            var alpha = step - Math.Floor(step);
            for (var k = 0; k < bins; k++)
            {
                var magnitude = (1.0 - alpha) * Magnitude(real, imaginary, left, k, bins, frames)
                    + alpha * Magnitude(real, imaginary, left + 1, k, bins, frames);
                outReal[t * bins + k] = magnitude * Math.Cos(phase[k]);
                outImaginary[t * bins + k] = magnitude * Math.Sin(phase[k]);
                var delta = (double)Angle(real, imaginary, left + 1, k, bins, frames) - Angle(real, imaginary, left, k, bins, frames) - advance[k];
                delta -= 2.0 * Math.PI * Math.Round(delta / (2.0 * Math.PI), MidpointRounding.ToEven);
                phase[k] = (float)(phase[k] + (advance[k] + delta));
            }
        }
        return (outReal, outImaginary, steps);
    }

    // Frames past the end read as zero, like librosa's two columns of padding.
    private static float Magnitude(double[] real, double[] imaginary, int frame, int bin, int bins, int frames) =>
        frame < frames ? (float)Math.Sqrt(real[frame * bins + bin] * real[frame * bins + bin] + imaginary[frame * bins + bin] * imaginary[frame * bins + bin]) : 0f;

    private static float Angle(double[] real, double[] imaginary, int frame, int bin, int bins, int frames) =>
        frame < frames ? (float)Math.Atan2((float)imaginary[frame * bins + bin], (float)real[frame * bins + bin]) : 0f;
}
