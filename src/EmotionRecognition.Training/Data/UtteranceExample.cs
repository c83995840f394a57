namespace EmotionRecognition.Data;

/// <summary>One clip (or augmented copy) as utterance frames, with its emotion and the auxiliary labels its file name gives.</summary>
/// <param name="Frames">Row-major <c>[FrameCount, bands]</c> log-mel values.</param>
/// <param name="FrameCount">Frames in <paramref name="Frames"/>.</param>
/// <param name="Label">The emotion's class index.</param>
/// <param name="Intensity">RAVDESS intensity, 0 normal or 1 strong; -1 when unknown.</param>
/// <param name="Gender">0 male, 1 female (RAVDESS: odd actors are male); -1 when unknown.</param>
/// <param name="Clip">The index of the clip it came from.</param>
internal sealed record UtteranceExample(float[] Frames, int FrameCount, int Label, int Intensity, int Gender, int Clip)
{
    /// <summary>A whole target distribution over the emotions learnt instead of <see cref="Label"/> (a teacher's answer blended with
    /// the label); null for the label alone, smoothed as the recipe says.</summary>
    public float[]? Target { get; init; }
}
