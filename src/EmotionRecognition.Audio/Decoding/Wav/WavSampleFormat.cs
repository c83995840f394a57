namespace EmotionRecognition.Audio;

/// <summary>How one stored WAV sample is laid out.</summary>
internal enum WavSampleFormat
{
    UnsignedInt8,
    Int16,
    Int24,
    Int32,
    Float32,
    Float64,
    ALaw,
    MuLaw,
}

/// <summary>The decoded <c>fmt </c> chunk of a WAV file.</summary>
internal sealed record WavFormat(WavSampleFormat SampleFormat, int Channels, int SampleRate, int BlockAlign, int BitsPerSample)
{
    /// <summary>Whether samples are stored as IEEE floats, which can hold values no recording has (NaN, infinities, 1e30).</summary>
    public bool IsFloat => SampleFormat is WavSampleFormat.Float32 or WavSampleFormat.Float64;

    /// <summary>A human-readable encoding name for <see cref="AudioInfo.Encoding"/>.</summary>
    public string EncodingName => SampleFormat switch
    {
        WavSampleFormat.UnsignedInt8 => "PCM 8-bit unsigned",
        WavSampleFormat.Float32 or WavSampleFormat.Float64 => $"IEEE float {BitsPerSample}-bit",
        WavSampleFormat.ALaw => "A-law",
        WavSampleFormat.MuLaw => "mu-law",
        _ => $"PCM {BitsPerSample}-bit",
    };
}

/// <summary>Where the sample data of a WAV file starts and how long it is.</summary>
/// <param name="Container"><c>WAV</c>, <c>RF64</c> or <c>BW64</c> (the RF64 layout under the broadcast magic, ITU-R BS.2088).</param>
/// <param name="Format">The sample layout.</param>
/// <param name="DataBytes">The declared data size, or null when the writer left it open (0 or 0xFFFFFFFF): read to the end.</param>
internal sealed record WavHeader(string Container, WavFormat Format, long? DataBytes);
