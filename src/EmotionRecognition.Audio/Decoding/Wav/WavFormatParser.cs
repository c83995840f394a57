using System.Buffers.Binary;

namespace EmotionRecognition.Audio;

/// <summary>Validates and decodes the <c>fmt </c> chunk.</summary>
internal static class WavFormatParser
{
    /// <summary>The most of a <c>fmt </c> chunk that is ever interpreted (WAVE_FORMAT_EXTENSIBLE's 40 bytes).</summary>
    public const int MaxInterpretedBytes = 40;

    /// <summary>libsndfile's upper limit; anything above is a corrupt header, not real audio.</summary>
    public const int MaxSampleRate = 1_536_000;

    private const ushort TagPcm = 0x0001;
    private const ushort TagFloat = 0x0003;
    private const ushort TagALaw = 0x0006;
    private const ushort TagMuLaw = 0x0007;
    private const ushort TagExtensible = 0xFFFE;

    // Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID that wraps a classic format tag.
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <param name="chunk">The first bytes of the chunk (up to <see cref="MaxInterpretedBytes"/>).</param>
    /// <param name="source">For messages.</param>
    public static WavFormat Parse(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < 16)
            throw new AudioFormatException(source, $"the fmt chunk is {chunk.Length} bytes; at least 16 are required");
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == TagExtensible)
            tag = ReadSubFormat(chunk, source);

        if (channels == 0)
            throw new AudioFormatException(source, "the fmt chunk declares zero channels");
        if (sampleRate == 0 || sampleRate > MaxSampleRate)
            throw new AudioFormatException(source, $"the sample rate {sampleRate} Hz is outside 1..{MaxSampleRate} Hz");
        var sampleFormat = SampleFormatOf(tag, bits, source);
        var containerBytes = ContainerBytes(sampleFormat);
        if (blockAlign != channels * containerBytes)
            throw new AudioFormatException(source,
                $"block align {blockAlign} does not match {channels} channel(s) of {bits}-bit samples ({channels * containerBytes} expected)");
        return new WavFormat(sampleFormat, channels, (int)sampleRate, blockAlign, containerBytes * 8);
    }

    private static ushort ReadSubFormat(ReadOnlySpan<byte> chunk, string source)
    {
        if (chunk.Length < MaxInterpretedBytes)
            throw new AudioFormatException(source,
                $"the WAVE_FORMAT_EXTENSIBLE fmt chunk is {chunk.Length} bytes; {MaxInterpretedBytes} are required");
        var guid = chunk[24..40];
        if (!guid[2..].SequenceEqual(SubFormatGuidTail))
            throw new UnsupportedAudioFormatException(source, $"the WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)} is not supported");
        return BinaryPrimitives.ReadUInt16LittleEndian(guid);
    }

    private static WavSampleFormat SampleFormatOf(ushort tag, int bits, string source) => tag switch
    {
        // Writers may declare e.g. 12 or 20 valid bits in a wider container; the container decides the layout.
        TagPcm => ((bits + 7) / 8) switch
        {
            1 => WavSampleFormat.UnsignedInt8,
            2 => WavSampleFormat.Int16,
            3 => WavSampleFormat.Int24,
            4 => WavSampleFormat.Int32,
            _ => throw new UnsupportedAudioFormatException(source, $"{bits}-bit PCM is not supported (8, 16, 24 and 32 are)"),
        },
        TagFloat => bits switch
        {
            32 => WavSampleFormat.Float32,
            64 => WavSampleFormat.Float64,
            _ => throw new UnsupportedAudioFormatException(source, $"{bits}-bit IEEE float is not supported (32 and 64 are)"),
        },
        TagALaw or TagMuLaw when bits != 8 =>
            throw new AudioFormatException(source, $"G.711 data must be 8-bit, but the fmt chunk says {bits}-bit"),
        TagALaw => WavSampleFormat.ALaw,
        TagMuLaw => WavSampleFormat.MuLaw,
        _ => throw new UnsupportedAudioFormatException(source, $"the WAV codec {CodecName(tag)} is not supported (PCM, IEEE float, A-law and mu-law are)"),
    };

    private static int ContainerBytes(WavSampleFormat format) => format switch
    {
        WavSampleFormat.UnsignedInt8 or WavSampleFormat.ALaw or WavSampleFormat.MuLaw => 1,
        WavSampleFormat.Int16 => 2,
        WavSampleFormat.Int24 => 3,
        WavSampleFormat.Int32 or WavSampleFormat.Float32 => 4,
        _ => 8,
    };

    private static string CodecName(ushort tag) => tag switch
    {
        0x0002 => "Microsoft ADPCM (0x0002)",
        0x0011 => "IMA ADPCM (0x0011)",
        0x0031 => "GSM 6.10 (0x0031)",
        0x0050 => "MPEG (0x0050)",
        0x0055 => "MPEG Layer 3 (0x0055)",
        0x00FF or 0x1610 => $"AAC (0x{tag:X4})",
        _ => $"0x{tag:X4}",
    };
}
