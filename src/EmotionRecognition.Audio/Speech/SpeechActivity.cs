namespace EmotionRecognition.Speech;

/// <summary>What <see cref="SpeechDetector"/> found in a clip.</summary>
/// <param name="Status">Whether the clip holds enough speech to classify.</param>
/// <param name="SpeechSeconds">Seconds from the start of the first frame loud enough to be speech to the end of the last.</param>
/// <param name="FirstSpeech">Where the first such frame starts, in seconds from the clip's start (0 when there is none).</param>
/// <param name="LastSpeech">Where the last such frame ends, in seconds (0 when there is none).</param>
/// <param name="ModulationDb">The spread (standard deviation, dB) of the frame levels between those two points.</param>
public sealed record SpeechActivity(SpeechStatus Status, double SpeechSeconds, double FirstSpeech, double LastSpeech, double ModulationDb)
{
    /// <summary>True when the clip holds enough speech for an emotion to be told.</summary>
    public bool HasSpeech => Status == SpeechStatus.Speech;
}
