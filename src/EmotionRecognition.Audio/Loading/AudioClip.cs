namespace EmotionRecognition.Audio;

/// <summary>Decoded mono audio.</summary>
/// <param name="Samples">The samples, nominally in [-1, 1].</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record AudioClip(float[] Samples, int SampleRate)
{
    /// <summary>How long the clip plays.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);
}
