namespace EmotionRecognition.Data;

/// <summary>Choices made while reading corpora.</summary>
public sealed record CorpusOptions
{
    /// <summary>The defaults: RAVDESS calm counts as neutral; <c>.wav</c>, <c>.flac</c>, <c>.mp3</c>, <c>.ogg</c> files are read.</summary>
    public static CorpusOptions Default { get; } = new();

    /// <summary>
    /// Whether RAVDESS "calm" clips are labelled <see cref="Emotion.Neutral"/> (<see langword="true"/>, the default and the seven-class
    /// taxonomy of this project) or left out (<see langword="false"/>).
    /// </summary>
    public bool CalmAsNeutral { get; init; } = true;

    /// <summary>File extensions treated as audio (lower case, with the dot).</summary>
    public IReadOnlyCollection<string> AudioExtensions { get; init; } = [".wav", ".flac", ".mp3", ".ogg", ".m4a"];
}
