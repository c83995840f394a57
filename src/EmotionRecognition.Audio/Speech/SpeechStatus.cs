namespace EmotionRecognition.Speech;

/// <summary>Whether a clip holds enough speech for an emotion to be told.</summary>
public enum SpeechStatus
{
    /// <summary>Speech was found, at least <see cref="SpeechDetector.MinimumSpeechSeconds"/> of it.</summary>
    Speech,

    /// <summary>No speech: silence, or a steady sound such as noise, hum or a tone.</summary>
    NoSpeech,

    /// <summary>Something speech-like, but less than <see cref="SpeechDetector.MinimumSpeechSeconds"/> of it (a click, a cut-off word).</summary>
    TooShort,
}
