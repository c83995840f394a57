using System.Buffers.Binary;

namespace EmotionRecognition.Audio;

/// <summary>
/// Walks the RIFF (or RF64/BW64) chunk list up to the start of the <c>data</c> chunk, leaving the stream there.
/// </summary>
/// <remarks>
/// Only the few bytes that are interpreted are ever buffered; every other chunk is skipped by seeking or
/// through a fixed scratch buffer, so a chunk that claims gigabytes costs nothing but a clear error when
/// the file ends first.
/// </remarks>
internal static class WavHeaderReader
{
    private const uint OpenEndedSize = 0xFFFFFFFF;

    private static readonly HashSet<string> KnownChunkIds =
        ["fmt ", "data", "ds64", "fact", "LIST", "JUNK", "junk", "PAD ", "FLLR", "bext", "iXML", "axml", "chna", "cue ", "smpl", "inst", "acid", "id3 ", "ID3 ", "PEAK", "levl", "umid", "cart"];

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
                case "ds64" when container != "WAV":
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
        if (id is not ("RIFF" or "RF64" or "BW64"))
            throw new AudioFormatException(source, $"not a RIFF file (starts with '{id}')");
        var form = ChunkId(riff[8..]);
        if (form != "WAVE")
            throw new AudioFormatException(source, $"the RIFF form type is '{form}', not 'WAVE'");
        return id == "RIFF" ? "WAV" : id;
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
        if (StreamSkipping.Skip(stream, remaining, scratch) < remaining)
            throw Truncated(source, id, (uint)(remaining + alreadyRead));
        if (((alreadyRead + remaining) & 1) == 1) SkipPadByte(stream, scratch);
    }

    /// <summary>
    /// RIFF pads an odd-sized chunk to an even boundary with a byte its size does not count, but a common writer bug leaves
    /// the pad out. Like other readers we recover: the next chunk id decides, at the padded offset unless only the unpadded
    /// one holds a plausible id, or a known one where the padded holds a merely plausible one. A stream that can neither
    /// seek nor peek keeps to the standard.
    /// </summary>
    private static void SkipPadByte(Stream stream, byte[] scratch)
    {
        Span<byte> next = stackalloc byte[5];
        var padded = StreamSkipping.Peek(stream, next) is not 5 || Plausibility(next[1..]) >= Plausibility(next[..4]);
        if (padded) StreamSkipping.Skip(stream, 1, scratch);
    }

    /// <summary>2 for a chunk id this reader or common writers use, 1 for any other four printable ASCII bytes, else 0.</summary>
    private static int Plausibility(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
            if (b is < 0x20 or >= 0x7F) return 0;
        return KnownChunkIds.Contains(ChunkId(id)) ? 2 : 1;
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
