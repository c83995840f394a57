namespace EmotionRecognition.Features;

/// <summary>
/// The per-frame features of one clip, each frame-major: value <c>[t * width + i]</c> belongs to frame <c>t</c>.
/// </summary>
/// <param name="Frames">Number of frames, T.</param>
/// <param name="Zcr">Zero-crossing rate per frame (T values).</param>
/// <param name="Rms">Root mean square per frame (T values).</param>
/// <param name="Mfcc">MFCCs, T x <paramref name="MfccCount"/>.</param>
/// <param name="MfccCount">Coefficients per frame.</param>
/// <param name="Mel">Mel power spectrogram, T x <paramref name="MelBandCount"/>.</param>
/// <param name="LogMel">The mel spectrogram in dB (<c>power_to_db</c>, floored at max - TopDb), T x <paramref name="MelBandCount"/>.</param>
/// <param name="MelBandCount">Mel bands per frame.</param>
public sealed record FeatureFrames(int Frames, float[] Zcr, float[] Rms, float[] Mfcc, int MfccCount, float[] Mel, float[] LogMel, int MelBandCount)
{
    /// <summary>The MFCCs of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">Frame index, 0 to <see cref="Frames"/> - 1.</param>
    public ReadOnlySpan<float> MfccFrame(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, Frames);
        return Mfcc.AsSpan(frame * MfccCount, MfccCount);
    }

    /// <summary>The MFCCs as librosa returns them: <c>[coefficient, frame]</c>.</summary>
    public float[,] MfccMatrix()
    {
        var matrix = new float[MfccCount, Frames];
        for (var t = 0; t < Frames; t++)
            for (var c = 0; c < MfccCount; c++)
                matrix[c, t] = Mfcc[t * MfccCount + c];
        return matrix;
    }

    /// <summary>
    /// First-order MFCC deltas as <c>librosa.feature.delta(mfcc, width=9)</c> computes them: the least-squares
    /// slope over <paramref name="width"/> neighbouring frames, and at each end the slope of the first or last
    /// full window (Savitzky-Golay <c>mode='interp'</c>). Frame-major like <see cref="Mfcc"/>.
    /// </summary>
    /// <param name="width">Odd window length, at least 3 and at most <see cref="Frames"/>.</param>
    public float[] MfccDeltas(int width = 9)
    {
        if (width < 3 || width % 2 == 0 || width > Frames)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be odd, at least 3 and at most the frame count.");
        var half = width / 2;
        var norm = 0.0;
        for (var n = -half; n <= half; n++) norm += n * n;
        var deltas = new float[Mfcc.Length];
        for (var t = 0; t < Frames; t++)
        {
            // Edge frames take the slope of the nearest complete window.
            var centre = Math.Clamp(t, half, Frames - 1 - half);
            for (var c = 0; c < MfccCount; c++)
            {
                var slope = 0.0;
                for (var n = -half; n <= half; n++)
                    slope += n * (double)Mfcc[(centre + n) * MfccCount + c];
                deltas[t * MfccCount + c] = (float)(slope / norm);
            }
        }
        return deltas;
    }

    /// <summary>The features stacked into one vector of <c>Frames * (2 + MfccCount)</c> values.</summary>
    /// <param name="layout">The order of the values.</param>
    public float[] ToVector(FeatureLayout layout = FeatureLayout.ZcrRmsMfccByFrame)
    {
        var vector = new float[Frames * (2 + MfccCount)];
        FeatureVector.Write(layout, Zcr, Rms, Mfcc, MfccCount, vector);
        return vector;
    }
}
