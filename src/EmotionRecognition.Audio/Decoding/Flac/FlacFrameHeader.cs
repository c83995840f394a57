namespace EmotionRecognition.Audio;

/// <summary>How the channels of a frame were decorrelated (RFC 9639 §9.1.3).</summary>
internal enum FlacChannelAssignment
{
    /// <summary>Each channel coded on its own.</summary>
    Independent,

    /// <summary>Left, then side (left − right).</summary>
    LeftSide,

    /// <summary>Side (left − right), then right.</summary>
    RightSide,

    /// <summary>Mid ((left + right) / 2), then side.</summary>
    MidSide,
}

/// <summary>A parsed frame header (RFC 9639 §9.1).</summary>
/// <param name="BlockSize">Samples per channel in the frame.</param>
/// <param name="Assignment">Channel decorrelation.</param>
/// <param name="Channels">Channels in the frame.</param>
/// <param name="SampleRate">Samples per second, or 0 when the header defers to STREAMINFO.</param>
/// <param name="BitsPerSample">Bits per sample (<c>streamBits</c> of <see cref="ReadAfterSync"/> when the header defers to STREAMINFO).</param>
/// <param name="VariableBlockSize">Whether <paramref name="Number"/> is a sample number rather than a frame number.</param>
/// <param name="Number">The frame number (fixed block size) or the first sample's number (variable block size).</param>
internal readonly record struct FlacFrameHeader(
    int BlockSize, FlacChannelAssignment Assignment, int Channels, int SampleRate, int BitsPerSample, bool VariableBlockSize, long Number)
{
    private static readonly int[] BitDepths = [0, 8, 12, -1, 16, 20, 24, 32];
    private static readonly int[] SampleRates = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];

    /// <summary>Whether <paramref name="head"/> starts with a complete frame header whose CRC-8 and reserved values check.</summary>
    public static bool IsHeaderAt(ReadOnlySpan<byte> head)
    {
        if (head.Length < 2 || head[0] != 0xFF || (head[1] & 0xFE) != 0xF8) return false;
        var reader = new FlacBitReader(new MemoryStream(head.ToArray(), writable: false), "header");
        reader.MarkFrameStart();
        reader.ReadBits(16);
        try
        {
            ReadAfterSync(reader, (head[1] & 1) == 1, streamBits: 0);
            return true;
        }
        catch (AudioFormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the header after its two sync bytes have been consumed, checking CRC-8 and reserved values.
    /// <paramref name="streamBits"/> is STREAMINFO's bit depth, used when the header defers to it.
    /// </summary>
    public static FlacFrameHeader ReadAfterSync(FlacBitReader reader, bool variableBlockSize, int streamBits)
    {
        var blockSizeCode = (int)reader.ReadBits(4);
        var sampleRateCode = (int)reader.ReadBits(4);
        var channelCode = (int)reader.ReadBits(4);
        var bitsCode = (int)reader.ReadBits(3);
        var reserved = reader.ReadBits(1);
        var number = ReadCodedNumber(reader, variableBlockSize ? 7 : 6);
        var blockSize = blockSizeCode switch
        {
            1 => 192,
            >= 2 and <= 5 => 576 << (blockSizeCode - 2),
            6 => (int)reader.ReadBits(8) + 1,
            7 => (int)reader.ReadBits(16) + 1,
            >= 8 => 256 << (blockSizeCode - 8),
            _ => 0,
        };
        var sampleRate = sampleRateCode switch
        {
            12 => (int)reader.ReadBits(8) * 1000,
            13 => (int)reader.ReadBits(16),
            14 => (int)reader.ReadBits(16) * 10,
            15 => 0,
            _ => SampleRates[sampleRateCode],
        };
        var computed = FlacCrc.Crc8(reader.BytesSinceMark());
        var stored = reader.ReadBits(8);
        if (computed != stored)
            throw reader.Fail($"frame header CRC-8 mismatch (stored 0x{stored:X2}, computed 0x{computed:X2})");

        if (reserved != 0) throw reader.Fail("the reserved bit of a frame header is set");
        if (blockSizeCode == 0) throw reader.Fail("a frame header uses the reserved block size code 0");
        if (blockSize > 65535) throw reader.Fail("a frame header declares a block size of 65,536 samples");
        if (sampleRateCode == 15) throw reader.Fail("a frame header uses the invalid sample rate code 15");
        if (channelCode > 10) throw reader.Fail($"a frame header uses the reserved channel assignment {channelCode}");
        if (bitsCode == 3) throw reader.Fail("a frame header uses the reserved bit depth code 3");

        var assignment = channelCode switch
        {
            8 => FlacChannelAssignment.LeftSide,
            9 => FlacChannelAssignment.RightSide,
            10 => FlacChannelAssignment.MidSide,
            _ => FlacChannelAssignment.Independent,
        };
        var channels = channelCode <= 7 ? channelCode + 1 : 2;
        var bits = bitsCode == 0 ? streamBits : BitDepths[bitsCode];
        return new FlacFrameHeader(blockSize, assignment, channels, sampleRate, bits, variableBlockSize, number);
    }

    /// <summary>The UTF-8-like coded frame or sample number (RFC 9639 §9.1.5).</summary>
    private static long ReadCodedNumber(FlacBitReader reader, int maxBytes)
    {
        var first = reader.ReadBits(8);
        if ((first & 0x80) == 0) return first;
        var length = System.Numerics.BitOperations.LeadingZeroCount(~first << 24);
        if (length < 2 || length > maxBytes)
            throw reader.Fail($"a frame header has an invalid coded number (first byte 0x{first:X2})");
        long value = first & (0x7Fu >> length);
        for (var i = 1; i < length; i++)
        {
            var next = reader.ReadBits(8);
            if ((next & 0xC0) != 0x80)
                throw reader.Fail($"a frame header has an invalid coded number (continuation byte 0x{next:X2})");
            value = (value << 6) | (next & 0x3F);
        }
        return value;
    }
}
