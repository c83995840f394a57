using System.Buffers.Binary;

namespace EmotionRecognition.Audio;

/// <summary>
/// Walks the RIFF (or RF64) chunk list up to the start of the <c>data</c> chunk, leaving the stream there.
/// </summary>
/// <remarks>
/// Only the few bytes that are interpreted are ever buffered; every other chunk is skipped by seeking or
/// through a fixed scratch buffer, so a chunk that claims gigabytes costs nothing but a clear error when
/// the file ends first.
/// </remarks>
internal static class WavHeaderReader
{
    private const uint OpenEndedSize = 0xFFFFFFFF;

    public static WavHeader Read(Stream stream, string source, byte[] scratch)
    {
        var container = ReadRiffHeader(stream, source);
        WavFormat? format = null;
        long? ds64DataSize = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            var got = StreamSkipping.ReadUpTo(stream, chunkHeader);
            if (got == 0)
                throw new AudioFormatException(source, "the file has no data chunk");
            if (got < chunkHeader.Length)
                throw new AudioFormatException(source, "truncated header: the file ends inside a chunk header");
            var id = ChunkId(chunkHeader);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            switch (id)
            {
                case "fmt ":
                    format = WavFormatParser.Parse(ReadChunkPrefix(stream, source, id, size, WavFormatParser.MaxInterpretedBytes, scratch), source);
                    break;
                case "ds64" when container == "RF64":
                    ds64DataSize = ReadDs64DataSize(ReadChunkPrefix(stream, source, id, size, 16, scratch), source);
                    break;
                case "data":
                    if (format is null)
                        throw new AudioFormatException(source, "the data chunk comes before the fmt chunk");
                    return new WavHeader(container, format, DataSize(size, ds64DataSize));
                default:
                    SkipBody(stream, source, id, size, scratch);
                    break;
            }
        }
    }

    private static string ReadRiffHeader(Stream stream, string source)
    {
        Span<byte> riff = stackalloc byte[12];
        var got = StreamSkipping.ReadUpTo(stream, riff);
        if (got == 0)
            throw new AudioFormatException(source, "the file is empty");
        if (got < riff.Length)
            throw new AudioFormatException(source, $"truncated header: the file ends after {got} bytes of the RIFF header");
        var id = ChunkId(riff);
        if (id == "RIFX")
            throw new UnsupportedAudioFormatException(source, "big-endian WAV (RIFX) is not supported");
        if (id is not ("RIFF" or "RF64"))
            throw new AudioFormatException(source, $"not a RIFF file (starts with '{id}')");
        var form = ChunkId(riff[8..]);
        if (form != "WAVE")
            throw new AudioFormatException(source, $"the RIFF form type is '{form}', not 'WAVE'");
        return id == "RF64" ? "RF64" : "WAV";
    }

    /// <summary>Reads up to <paramref name="wanted"/> bytes of a chunk body and skips the rest.</summary>
    private static ReadOnlySpan<byte> ReadChunkPrefix(Stream stream, string source, string id, uint size, int wanted, byte[] scratch)
    {
        var prefix = new byte[(int)Math.Min(size, (uint)wanted)];
        var got = StreamSkipping.ReadUpTo(stream, prefix);
        if (got < prefix.Length)
            throw Truncated(source, id, size);
        SkipBody(stream, source, id, size - (uint)prefix.Length, scratch, alreadyRead: prefix.Length);
        return prefix;
    }

    private static void SkipBody(Stream stream, string source, string id, uint remaining, byte[] scratch, int alreadyRead = 0)
    {
        // RIFF pads odd-sized chunks to an even boundary; the pad byte is not counted in the size.
        long padded = remaining + ((alreadyRead + remaining) & 1);
        if (StreamSkipping.Skip(stream, padded, scratch) < remaining)
            throw Truncated(source, id, (uint)(remaining + alreadyRead));
    }

    private static long ReadDs64DataSize(ReadOnlySpan<byte> ds64, string source)
    {
        if (ds64.Length < 16)
            throw new AudioFormatException(source, $"the ds64 chunk is {ds64.Length} bytes; at least 16 are required");
        // Layout: RIFF size (8 bytes), then data size (8 bytes).
        return BinaryPrimitives.ReadInt64LittleEndian(ds64[8..]);
    }

    private static long? DataSize(uint size, long? ds64DataSize) => size switch
    {
        OpenEndedSize when ds64DataSize is > 0 => ds64DataSize,
        0 or OpenEndedSize => null,
        _ => size,
    };

    private static AudioFormatException Truncated(string source, string id, uint size) =>
        new(source, $"truncated header: the '{id.TrimEnd()}' chunk claims {size} bytes but the file ends first");

    private static string ChunkId(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
            chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        return new string(chars);
    }
}
