namespace EmotionRecognition.Data;

/// <summary>One labelled recording of a corpus.</summary>
/// <param name="Path">The audio file.</param>
/// <param name="Emotion">Its emotion label.</param>
/// <param name="Speaker">
/// Who speaks, prefixed with the corpus so speakers of different corpora never collide (e.g. <c>ravdess:07</c>);
/// <see langword="null"/> when the corpus does not say, which makes speaker-independent splits impossible for that clip.
/// </param>
/// <param name="Corpus">The corpus the clip came from, e.g. <c>ravdess</c>.</param>
public sealed record LabeledClip(string Path, Emotion Emotion, string? Speaker, string Corpus);
