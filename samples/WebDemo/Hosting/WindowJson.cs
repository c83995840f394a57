namespace EmotionRecognition.WebDemo.Hosting;

/// <summary>One window's answer as the page reads it (live and file views alike).</summary>
/// <param name="Start">Window start in seconds from the start of the audio.</param>
/// <param name="End">Window end in seconds.</param>
/// <param name="Emotion">The top emotion's label.</param>
/// <param name="Confidence">Its probability.</param>
/// <param name="HasSpeech">False when the window held no speech (then every probability is 1/7).</param>
/// <param name="Speech">The speech detector's verdict: speech, noSpeech or tooShort.</param>
/// <param name="Probabilities">The seven probabilities in <see cref="EmotionLabels.All"/> order.</param>
internal sealed record WindowJson(
    double Start, double End, string Emotion, float Confidence, bool HasSpeech, string Speech, IReadOnlyList<float> Probabilities)
{
    public static WindowJson From(EmotionSegment segment)
    {
        var p = segment.Prediction;
        return new WindowJson(
            Math.Round(segment.Start.TotalSeconds, 3), Math.Round(segment.End.TotalSeconds, 3), p.Emotion.ToLabel(), p.Confidence,
            p.HasSpeech, JsonNamingLowerFirst(p.SpeechStatus.ToString()), p.Probabilities);
    }

    private static string JsonNamingLowerFirst(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
