namespace EmotionRecognition.Audio;

/// <summary>What a decoder learned from an audio file's header.</summary>
/// <param name="Container">The container, e.g. <c>WAV</c> or <c>FLAC</c>.</param>
/// <param name="Encoding">The sample encoding, e.g. <c>PCM 16-bit</c>, <c>IEEE float 32-bit</c>.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Samples per frame.</param>
/// <param name="BitsPerSample">Bits per stored sample.</param>
/// <param name="FrameCount">Frames in the file, or <see langword="null"/> when the header does not say (streamed writers).</param>
public sealed record AudioInfo(string Container, string Encoding, int SampleRate, int Channels, int BitsPerSample, long? FrameCount)
{
    /// <summary>The duration, when the frame count is known.</summary>
    public TimeSpan? Duration => FrameCount is { } n ? TimeSpan.FromSeconds((double)n / SampleRate) : null;
}
