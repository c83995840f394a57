namespace EmotionRecognition.Features;

/// <summary>How the per-frame features are ordered in a feature vector.</summary>
public enum FeatureLayout
{
    /// <summary>
    /// The original project's row: all ZCR values, all RMS values, then the MFCCs frame by frame
    /// (<c>hstack(zcr, rms, ravel(mfcc.T))</c>).
    /// </summary>
    ZcrRmsMfccByFrame,

    /// <summary>
    /// A (2 + MFCC count) x frames matrix, row-major: the ZCR row, the RMS row, then one row per MFCC
    /// coefficient (for models that read the features as a 2-D image).
    /// </summary>
    ZcrRmsMfccByCoefficient,

    /// <summary>
    /// Log-mel bands (dB) frame by frame, row-major <c>[frames, MelBandCount]</c>, over the whole utterance: nothing is padded,
    /// so the frame count follows the clip (up to <see cref="FeatureSpec.FrameCount"/>). Used by <see cref="FeatureSpec.Utterance"/>.
    /// </summary>
    LogMelByFrame,
}
