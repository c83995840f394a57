namespace EmotionRecognition;

/// <summary>
/// The seven emotions the library recognises. The numeric values are the class indices of every model this
/// library trains and ships (alphabetical, as the original project's one-hot encoder ordered them).
/// </summary>
public enum Emotion
{
    /// <summary>Anger.</summary>
    Angry = 0,

    /// <summary>Disgust.</summary>
    Disgust = 1,

    /// <summary>Fear (RAVDESS "fearful").</summary>
    Fear = 2,

    /// <summary>Happiness.</summary>
    Happy = 3,

    /// <summary>No marked emotion (RAVDESS "calm" maps here by default).</summary>
    Neutral = 4,

    /// <summary>Sadness.</summary>
    Sad = 5,

    /// <summary>Surprise (TESS "pleasant surprise").</summary>
    Surprise = 6,
}

/// <summary>Conversions between <see cref="Emotion"/> values and the label strings stored in models and manifests.</summary>
public static class EmotionLabels
{
    /// <summary>The label strings in class-index order.</summary>
    public static IReadOnlyList<string> All { get; } = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"];

    /// <summary>The number of classes.</summary>
    public static int Count => All.Count;

    /// <summary>The label string of an emotion, e.g. <c>"angry"</c>.</summary>
    /// <param name="emotion">The emotion.</param>
    public static string ToLabel(this Emotion emotion) => All[(int)emotion];

    /// <summary>
    /// Parses a label, accepting the usual corpus spellings (anger, fearful, happiness, sadness, surprised, ps, calm is not accepted
    /// here because mapping it is a corpus decision).
    /// </summary>
    /// <param name="label">The label text, case-insensitive.</param>
    /// <param name="emotion">The parsed emotion.</param>
    /// <returns>Whether the label was recognised.</returns>
    public static bool TryParse(string? label, out Emotion emotion)
    {
        emotion = default;
        Emotion? parsed = label?.Trim().ToLowerInvariant() switch
        {
            "angry" or "anger" or "ang" => Emotion.Angry,
            "disgust" or "disgusted" or "dis" => Emotion.Disgust,
            "fear" or "fearful" or "fea" => Emotion.Fear,
            "happy" or "happiness" or "hap" => Emotion.Happy,
            "neutral" or "neu" => Emotion.Neutral,
            "sad" or "sadness" => Emotion.Sad,
            "surprise" or "surprised" or "ps" or "sur" => Emotion.Surprise,
            _ => null,
        };
        if (parsed is null) return false;
        emotion = parsed.Value;
        return true;
    }
}
