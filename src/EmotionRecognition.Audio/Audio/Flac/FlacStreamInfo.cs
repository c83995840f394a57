namespace EmotionRecognition.Audio;

/// <summary>The STREAMINFO metadata block (RFC 9639 §8.2).</summary>
/// <param name="MinBlockSize">Smallest block size in samples, except for the last block.</param>
/// <param name="MaxBlockSize">Largest block size in samples.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channels, 1–8.</param>
/// <param name="BitsPerSample">Bits per sample, 4–32.</param>
/// <param name="TotalSamples">Samples per channel, or 0 when unknown.</param>
/// <param name="Md5">MD5 of the decoded PCM (little-endian, interleaved, whole bytes per sample); zeros when unset.</param>
internal sealed record FlacStreamInfo(
    int MinBlockSize, int MaxBlockSize, int SampleRate, int Channels, int BitsPerSample, long TotalSamples, byte[] Md5)
{
    private const int StreamInfoType = 0;
    private const int StreamInfoLength = 34;
    private const int InvalidType = 127;

    /// <summary>Reads the <c>fLaC</c> marker and every metadata block; keeps STREAMINFO and skips the rest.</summary>
    public static FlacStreamInfo Read(FlacBitReader reader)
    {
        if (reader.ReadBits(32) != 0x664C6143)
            throw reader.Fail("not a FLAC stream: the 'fLaC' marker is missing");
        FlacStreamInfo? info = null;
        bool last;
        do
        {
            reader.MarkFrameStart();
            last = reader.ReadBits(1) == 1;
            var type = (int)reader.ReadBits(7);
            var length = (int)reader.ReadBits(24);
            if (type == InvalidType)
                throw reader.Fail("metadata block type 127 is invalid");
            if (info is null)
            {
                if (type != StreamInfoType)
                    throw reader.Fail($"the first metadata block has type {type}, not STREAMINFO");
                if (length != StreamInfoLength)
                    throw reader.Fail($"STREAMINFO is {length} bytes long instead of {StreamInfoLength}");
                info = Parse(reader);
            }
            else if (type == StreamInfoType)
                throw reader.Fail("the stream has a second STREAMINFO block");
            else
                reader.SkipBytes(length);
        }
        while (!last);
        return info;
    }

    private static FlacStreamInfo Parse(FlacBitReader reader)
    {
        var minBlock = (int)reader.ReadBits(16);
        var maxBlock = (int)reader.ReadBits(16);
        reader.ReadBits(24); // minimum frame size: only a hint
        reader.ReadBits(24); // maximum frame size: only a hint
        var sampleRate = (int)reader.ReadBits(20);
        var channels = (int)reader.ReadBits(3) + 1;
        var bits = (int)reader.ReadBits(5) + 1;
        var total = (long)reader.ReadBits64(36);
        var md5 = new byte[16];
        for (var i = 0; i < md5.Length; i++) md5[i] = (byte)reader.ReadBits(8);

        if (minBlock < 16 || maxBlock < minBlock)
            throw reader.Fail($"STREAMINFO block sizes {minBlock}..{maxBlock} are invalid (both must be at least 16, minimum ≤ maximum)");
        if (sampleRate == 0)
            throw reader.Fail("STREAMINFO declares a sample rate of 0 Hz");
        if (bits < 4)
            throw reader.Fail($"STREAMINFO declares {bits} bits per sample; FLAC needs 4 to 32");
        return new FlacStreamInfo(minBlock, maxBlock, sampleRate, channels, bits, total, md5);
    }
}
