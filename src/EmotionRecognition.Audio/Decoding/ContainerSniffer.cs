namespace EmotionRecognition.Audio;

/// <summary>What the first bytes of a file say it is.</summary>
internal enum ContainerKind
{
    Wav,
    Flac,
    Id3Tag,
    /// <summary>A recognised format that only ffmpeg decodes here.</summary>
    External,
    Unknown,
}

/// <summary>A sniffing verdict with a display name for messages.</summary>
internal readonly record struct SniffResult(ContainerKind Kind, string Name);

/// <summary>Identifies the container from magic bytes; the file extension is never consulted.</summary>
internal static class ContainerSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at: enough for the longest FLAC frame header.</summary>
    public const int HeadLength = 16;

    public static SniffResult Sniff(ReadOnlySpan<byte> head)
    {
        // Any RIFF goes to the WAV parser, which names the precise problem (truncation, a non-WAVE form type).
        if (Is(head, 0, "RIFF") || Is(head, 0, "RF64") || Is(head, 0, "BW64")) return new(ContainerKind.Wav, "WAV");
        if (Is(head, 0, "fLaC")) return new(ContainerKind.Flac, "FLAC");
        if (Is(head, 0, "ID3")) return new(ContainerKind.Id3Tag, "ID3-tagged audio");
        // A FLAC stream joined mid-way starts at a frame header. Its sync code is also a valid ADTS (AAC) header start, so
        // only a whole header with a matching CRC-8 counts as FLAC.
        if (FlacFrameHeader.IsHeaderAt(head)) return new(ContainerKind.Flac, "FLAC");
        return ExternalName(head) is { } name ? new(ContainerKind.External, name) : Unknown(head);
    }

    /// <summary>The size of an ID3v2 tag (header, body, optional footer) from its 10-byte header.</summary>
    public static long? Id3TagLength(ReadOnlySpan<byte> head)
    {
        if (head.Length < 10 || !Is(head, 0, "ID3")) return null;
        var size = 0L;
        for (var i = 6; i < 10; i++)
        {
            // Sizes are "syncsafe": 7 bits per byte, top bit always clear.
            if ((head[i] & 0x80) != 0) return null;
            size = size << 7 | head[i];
        }
        var hasFooter = (head[5] & 0x10) != 0;
        return 10 + size + (hasFooter ? 10 : 0);
    }

    private static string? ExternalName(ReadOnlySpan<byte> head)
    {
        if (Is(head, 0, "RIFX")) return "big-endian WAV (RIFX)";
        if (Is(head, 0, "OggS")) return "Ogg";
        if (Is(head, 4, "ftyp")) return "MP4/M4A";
        if (Is(head, 0, "FORM") && (Is(head, 8, "AIFF") || Is(head, 8, "AIFC"))) return "AIFF";
        if (Is(head, 0, "caff")) return "CAF";
        if (Is(head, 0, "#!AMR")) return "AMR";
        if (Is(head, 0, "wvpk")) return "WavPack";
        if (Is(head, 0, "MAC ")) return "Monkey's Audio";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return "Matroska/WebM";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11])) return "ASF/WMA";
        return MpegAudioName(head);
    }

    /// <summary>Recognises an MPEG audio or ADTS frame header, checking reserved fields to limit false hits.</summary>
    private static string? MpegAudioName(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4 || head[0] != 0xFF || (head[1] & 0xE0) != 0xE0) return null;
        var layer = (head[1] >> 1) & 0x3;
        if (layer == 0)
            return (head[1] & 0xF0) == 0xF0 && (head[2] >> 2 & 0xF) < 13 ? "AAC (ADTS)" : null;
        var version = (head[1] >> 3) & 0x3;
        var bitrate = head[2] >> 4;
        var rate = (head[2] >> 2) & 0x3;
        return version != 1 && bitrate != 0xF && rate != 3 ? "MPEG audio (MP3)" : null;
    }

    private static SniffResult Unknown(ReadOnlySpan<byte> head) =>
        new(ContainerKind.Unknown, $"first bytes {Convert.ToHexString(head[..Math.Min(head.Length, 8)])}");

    private static bool Is(ReadOnlySpan<byte> head, int offset, string ascii)
    {
        if (head.Length < offset + ascii.Length) return false;
        for (var i = 0; i < ascii.Length; i++)
            if (head[offset + i] != ascii[i]) return false;
        return true;
    }
}
