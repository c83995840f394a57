using EmotionRecognition.Features;

namespace EmotionRecognition.Speech;

/// <summary>Cuts a clip to its speech: leading and trailing silence varies between recordings and says nothing about emotion.</summary>
internal static class SpeechTrimmer
{
    /// <summary>
    /// The range from <see cref="SpeechDetector"/>'s first loud frame to its last, widened by <see cref="FeatureSpec.TrimMarginSeconds"/>
    /// each side; the whole clip when nothing in it is loud (silence keeps its length, so the caller's no-speech flag still sees it).
    /// </summary>
    public static Range Speech(ReadOnlySpan<float> samples, int sampleRate)
    {
        var activity = SpeechDetector.Detect(samples, sampleRate);
        if (!(activity.LastSpeech > activity.FirstSpeech))
            return Range.All;
        var start = (int)Math.Max(0, Math.Floor((activity.FirstSpeech - FeatureSpec.TrimMarginSeconds) * sampleRate));
        var end = (int)Math.Min(samples.Length, Math.Ceiling((activity.LastSpeech + FeatureSpec.TrimMarginSeconds) * sampleRate));
        return start..end;
    }
}
