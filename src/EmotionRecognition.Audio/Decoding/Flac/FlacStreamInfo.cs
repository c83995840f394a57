namespace EmotionRecognition.Audio;

/// <summary>The STREAMINFO metadata block (RFC 9639 §8.2).</summary>
/// <param name="MinBlockSize">Smallest block size in samples, except for the last block.</param>
/// <param name="MaxBlockSize">Largest block size in samples.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Channels, 1–8.</param>
/// <param name="BitsPerSample">Bits per sample, 4–32.</param>
/// <param name="TotalSamples">Samples per channel, or 0 when unknown.</param>
/// <param name="Md5">MD5 of the decoded PCM (little-endian, interleaved, whole bytes per sample); zeros when unset.</param>
/// <param name="IsDeclared">
/// Whether a STREAMINFO block declared all this. A stream joined mid-way (a multicast receiver's view) starts at a frame
/// header instead; its format then comes from that first frame, and every later frame must keep it.
/// </param>
internal sealed record FlacStreamInfo(
    int MinBlockSize, int MaxBlockSize, int SampleRate, int Channels, int BitsPerSample, long TotalSamples, byte[] Md5,
    bool IsDeclared = true)
{
    private const uint Marker = 0x664C6143;
    private const int StreamInfoType = 0;
    private const int StreamInfoLength = 34;
    private const int InvalidType = 127;

    /// <summary>Who fixed the stream's format, for messages.</summary>
    public string DeclaredBy => IsDeclared ? "STREAMINFO declares" : "the first frame has";

    /// <summary>
    /// Reads the <c>fLaC</c> marker and every metadata block, keeping STREAMINFO and skipping the rest; or, for a stream
    /// that starts at a frame header, takes the format from that header and leaves the reader at it.
    /// </summary>
    public static FlacStreamInfo Read(FlacBitReader reader)
    {
        reader.MarkFrameStart();
        var marker = reader.ReadBits(32);
        if (marker >> 17 == 0x7FFC) return FromFirstFrame(reader, variableBlockSize: (marker >> 16 & 1) == 1);
        if (marker != Marker)
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

    private static FlacStreamInfo FromFirstFrame(FlacBitReader reader, bool variableBlockSize)
    {
        reader.RewindToMark(0);
        reader.ReadBits(16);
        var header = FlacFrameHeader.ReadAfterSync(reader, variableBlockSize, streamBits: 0);
        reader.RewindToMark(0);
        if (header.SampleRate == 0)
            throw reader.Fail("the stream has no STREAMINFO and its first frame header does not give the sample rate");
        if (header.BitsPerSample == 0)
            throw reader.Fail("the stream has no STREAMINFO and its first frame header does not give the bit depth");
        return new FlacStreamInfo(
            MinBlockSize: 16, MaxBlockSize: 65535, header.SampleRate, header.Channels, header.BitsPerSample, TotalSamples: 0,
            Md5: new byte[16], IsDeclared: false);
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
