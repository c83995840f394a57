using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>
/// A FLAC stream joined mid-way (what a multicast receiver sees): no marker, no metadata, the first byte is a frame header
/// and frame numbers do not start at 0. Built by cutting a real RAVDESS clip (22,050 Hz, 16-bit mono) before its third frame.
/// </summary>
public class FlacMidStreamTests
{
    private static readonly FlacFileSurgery Clip = FlacFileSurgery.Ravdess();
    private static readonly int[] Whole = FlacTestSupport.Decode(Clip.Bytes).Samples;

    private static byte[] FromThirdFrame() => Clip.Bytes[Clip.FrameOffsets[2]..];

    [RequiresFact(Requirement.SharedData)]
    public void AStreamJoinedMidWayDecodesTheRestExactlyWithTheFormatOfItsFrames()
    {
        using var reader = AudioFile.Open(new FlacStreamingTests.TrickleStream(FromThirdFrame(), seed: 3), sourceName: "joined");
        Assert.Equal(new AudioInfo("FLAC", "FLAC 16-bit", 22050, 1, 16, null), reader.Info);
        var samples = new float[Whole.Length];
        var got = 0;
        int frames;
        while ((frames = reader.ReadFrames(samples.AsSpan(got))) > 0) got += frames;
        Assert.Equal(Whole.Skip(2 * 4096).Select(s => s / 32768f), samples.Take(got));
    }

    [RequiresFact(Requirement.SharedData)]
    public void AMissingFrameAfterTheJoinIsReportedAsLostAudio()
    {
        var first = FromThirdFrame()[..(Clip.FrameOffsets[3] - Clip.FrameOffsets[2])];
        var bytes = first.Concat(Clip.Bytes[Clip.FrameOffsets[4]..]).ToArray();
        var error = FlacTestSupport.DecodeFailure(bytes);
        Assert.Contains("found frame number 4 where 3 was expected", error.Message);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("channels", 0x10, "has 2 channels but the first frame has 1")]
    [InlineData("sample rate", 0x04, "has a sample rate of 8000 Hz but the first frame has 22050 Hz")]
    public void ALaterFrameThatChangesTheFormatIsRefused(string what, int code, string expected)
    {
        var bytes = FromThirdFrame();
        var second = Clip.FrameOffsets[3] - Clip.FrameOffsets[2];
        if (what == "channels")
            bytes[second + 3] = (byte)((bytes[second + 3] & 0x0F) | code);
        else
            bytes[second + 2] = (byte)((bytes[second + 2] & 0xF0) | code);
        ResealHeader(bytes, second);
        var error = FlacTestSupport.DecodeFailure(bytes);
        Assert.Contains(expected, error.Message);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(2, 0x00, "does not give the sample rate")]
    [InlineData(3, 0x00, "does not give the bit depth")]
    public void AJoinedStreamWhoseFirstHeaderDefersToStreamInfoIsRefused(int headerByte, int code, string expected)
    {
        var bytes = FromThirdFrame();
        var mask = headerByte == 2 ? 0xF0 : 0xF1; // byte 2: block size | rate; byte 3: channels | bit depth | reserved
        bytes[headerByte] = (byte)((bytes[headerByte] & mask) | code);
        ResealHeader(bytes, 0);
        var error = Assert.Throws<AudioFormatException>(() => AudioFile.Open(new MemoryStream(bytes), sourceName: "joined"));
        Assert.Contains("has no STREAMINFO and its first frame header " + expected, error.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void AnAdtsHeaderWithTheSameSyncBitsIsStillAac()
    {
        // MPEG-2 AAC LC, 44.1 kHz stereo, no CRC: FF F9 is also a FLAC variable-block-size sync code.
        byte[] adts = [0xFF, 0xF9, 0x50, 0x80, 0x2E, 0x7F, 0xFC, 0x21, 0x10, 0x04, 0x60, 0x8C, 0x1C, 0x00, 0x00, 0x00];
        Assert.False(FlacFrameHeader.IsHeaderAt(adts));
        Assert.Equal(new SniffResult(ContainerKind.External, "AAC (ADTS)"), ContainerSniffer.Sniff(adts));
        Assert.Equal(ContainerKind.Flac, ContainerSniffer.Sniff(FromThirdFrame().AsSpan(0, ContainerSniffer.HeadLength)).Kind);
    }

    /// <summary>Recomputes the CRC-8 of the frame header at <paramref name="start"/>. The format is checked before the frame's CRC-16.</summary>
    private static void ResealHeader(byte[] bytes, int start)
    {
        var crc = FlacFileSurgery.HeaderCrcOffset(bytes, start);
        bytes[crc] = FlacCrc.Crc8(bytes.AsSpan(start, crc - start));
    }
}
