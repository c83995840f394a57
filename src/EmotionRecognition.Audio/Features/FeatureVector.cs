namespace EmotionRecognition.Features;

/// <summary>Stacks per-frame features into a vector in a <see cref="FeatureLayout"/>.</summary>
internal static class FeatureVector
{
    public static void Write(FeatureLayout layout, ReadOnlySpan<float> zcr, ReadOnlySpan<float> rms,
        ReadOnlySpan<float> mfccByFrame, int mfccCount, Span<float> destination)
    {
        var frames = zcr.Length;
        zcr.CopyTo(destination);
        rms.CopyTo(destination[frames..]);
        var mfcc = destination[(2 * frames)..];
        switch (layout)
        {
            case FeatureLayout.ZcrRmsMfccByFrame:
                mfccByFrame.CopyTo(mfcc);
                break;
            case FeatureLayout.ZcrRmsMfccByCoefficient:
                for (var t = 0; t < frames; t++)
                    for (var c = 0; c < mfccCount; c++)
                        mfcc[c * frames + t] = mfccByFrame[t * mfccCount + c];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown feature layout.");
        }
    }
}
