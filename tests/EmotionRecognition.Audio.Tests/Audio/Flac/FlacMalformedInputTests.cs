using EmotionRecognition.Audio;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>Real FLAC bytes damaged one way at a time: each must fail with an <see cref="AudioFormatException"/> that says why.</summary>
public class FlacMalformedInputTests
{
    private static readonly FlacFileSurgery Clip = FlacFileSurgery.Ravdess();

    [Fact]
    public void TheRealFileDecodesAndHasSeveralFrames()
    {
        Assert.True(Clip.FrameOffsets.Count >= 3);
        Assert.Equal(Clip.FirstFrame, Clip.FrameOffsets[0]);
        var decoded = FlacTestSupport.Decode(Clip.Bytes);
        Assert.Equal(decoded.StreamInfo.TotalSamples, decoded.Samples.Length);
    }

    public static TheoryData<string, int> TruncationPoints() => new()
    {
        { "inside the marker", 2 },
        { "inside STREAMINFO", 20 },
        { "before the first frame", -1 },
        { "inside the first frame header", -2 },
        { "inside the first frame", -3 },
        { "at a frame boundary", -4 },
        { "one byte short", -5 },
    };

    [Theory]
    [MemberData(nameof(TruncationPoints))]
    public void TruncatedStreamsFail(string where, int length)
    {
        var frames = Clip.FrameOffsets;
        length = length switch
        {
            -1 => Clip.FirstFrame,
            -2 => Clip.FirstFrame + 3,
            -3 => (frames[0] + frames[1]) / 2,
            -4 => frames[2],
            -5 => Clip.Bytes.Length - 1,
            _ => length,
        };
        var error = FlacTestSupport.DecodeFailure(Clip.Bytes[..length]);
        Assert.True(error.Problem.Contains("truncated") || error.Problem.Contains("marker"), $"{where}: {error.Message}");
        Assert.Equal("broken.flac", error.SourceName);
    }

    [Fact]
    public void MissingSyncCodeOfTheFirstFrameFails()
    {
        var error = FlacTestSupport.DecodeFailure(Clip.With(b => b[Clip.FirstFrame] = 0));
        Assert.Contains("no frame sync code", error.Problem);
        Assert.Contains("frame number 1 where 0 was expected", error.Problem);
    }

    [Fact]
    public void MissingSyncCodeOfALaterFrameFails()
    {
        var error = FlacTestSupport.DecodeFailure(Clip.With(b => b[Clip.FrameOffsets[1] + 1] = 0x12));
        Assert.Contains("frame number 2 where 1 was expected", error.Problem);
    }

    [Fact]
    public void HeaderCrc8MismatchFails()
    {
        var crc = FlacFileSurgery.HeaderCrcOffset(Clip.Bytes, Clip.FirstFrame);
        var error = FlacTestSupport.DecodeFailure(Clip.With(b => b[crc] ^= 0x01));
        Assert.Contains("CRC-8", error.Problem);
    }

    [Fact]
    public void FrameCrc16MismatchFails()
    {
        var error = FlacTestSupport.DecodeFailure(Clip.With(b => b[Clip.FrameOffsets[1] - 1] ^= 0x40));
        Assert.Contains("CRC-16", error.Problem);
    }

    [Fact]
    public void FlippedBitInsideAFrameFails()
    {
        var middle = (Clip.FrameOffsets[1] + Clip.FrameOffsets[2]) / 2;
        FlacTestSupport.DecodeFailure(Clip.With(b => b[middle] ^= 0x10));
    }

    public static TheoryData<string, string> ReservedHeaderValues() => new()
    {
        { "reserved bit", "reserved bit" },
        { "block size code 0", "block size code 0" },
        { "sample rate code 15", "sample rate code 15" },
        { "channel assignment 11", "channel assignment 11" },
        { "channel assignment 15", "channel assignment 15" },
        { "bit depth code 3", "bit depth code 3" },
    };

    [Theory]
    [MemberData(nameof(ReservedHeaderValues))]
    public void ReservedFrameHeaderValuesFail(string edit, string expected)
    {
        var bytes = Clip.WithHeaderEdit((b, f) =>
        {
            switch (edit)
            {
                case "reserved bit": b[f + 3] |= 0x01; break;
                case "block size code 0": b[f + 2] &= 0x0F; break;
                case "sample rate code 15": b[f + 2] |= 0x0F; break;
                case "channel assignment 11": b[f + 3] = (byte)((b[f + 3] & 0x0F) | 0xB0); break;
                case "channel assignment 15": b[f + 3] = (byte)((b[f + 3] & 0x0F) | 0xF0); break;
                case "bit depth code 3": b[f + 3] = (byte)((b[f + 3] & 0xF1) | (3 << 1)); break;
            }
        });
        Assert.Contains(expected, FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void ReservedSubframeTypeFails()
    {
        var subframe = FlacFileSurgery.HeaderCrcOffset(Clip.Bytes, Clip.FirstFrame) + 1;
        var error = FlacTestSupport.DecodeFailure(Clip.With(b => b[subframe] = 0b0_000010_0));
        Assert.Contains("reserved type 2", error.Problem);
    }

    [Fact]
    public void SubframePaddingBitFails()
    {
        var subframe = FlacFileSurgery.HeaderCrcOffset(Clip.Bytes, Clip.FirstFrame) + 1;
        Assert.Contains("padding bit", FlacTestSupport.DecodeFailure(Clip.With(b => b[subframe] |= 0x80)).Problem);
    }

    [Fact]
    public void FrameChannelCountDifferentFromStreamInfoFails()
    {
        // FLAC cannot express 0 channels (STREAMINFO stores channels − 1); a frame claiming stereo in a mono stream is the nearest lie.
        var bytes = Clip.WithHeaderEdit((b, f) => b[f + 3] = (byte)((b[f + 3] & 0x0F) | 0x10));
        Assert.Contains("2 channels but STREAMINFO declares 1", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void BlockLargerThanStreamInfoMaximumFails()
    {
        var bytes = Clip.With(b =>
        {
            var s = FlacFileSurgery.StreamInfo;
            (b[s], b[s + 1], b[s + 2], b[s + 3]) = (0x04, 0x00, 0x04, 0x00); // min = max = 1,024
        });
        Assert.Contains("more than the STREAMINFO maximum 1024", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void ZeroSampleRateFails()
    {
        var bytes = Clip.With(b =>
        {
            var s = FlacFileSurgery.StreamInfo + 10;
            (b[s], b[s + 1], b[s + 2]) = (0, 0, (byte)(b[s + 2] & 0x0F));
        });
        Assert.Contains("sample rate of 0 Hz", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void BitDepthBelowFourFails()
    {
        var bytes = Clip.With(b =>
        {
            var s = FlacFileSurgery.StreamInfo + 12;
            (b[s], b[s + 1]) = ((byte)(b[s] & 0xFE), (byte)(b[s + 1] & 0x0F)); // bits − 1 = 0
        });
        Assert.Contains("1 bits per sample", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void StreamInfoNotFirstFails()
    {
        var bytes = Clip.With(b => b[4] = (byte)((b[4] & 0x80) | 4));
        Assert.Contains("not STREAMINFO", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void RandomBytesAfterTheMarkerFail()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var random = new Random(seed);
            var bytes = new byte[4 + 8192];
            random.NextBytes(bytes);
            "fLaC"u8.CopyTo(bytes);
            FlacTestSupport.DecodeFailure(bytes);
        }
    }

    [Fact]
    public void RandomBytesWithoutMarkerFail()
    {
        var bytes = new byte[1000];
        new Random(3).NextBytes(bytes);
        Assert.Contains("marker", FlacTestSupport.DecodeFailure(bytes).Problem);
    }

    [Fact]
    public void HugeDeclaredLengthAllocatesNothingExtraAndEndsAsTruncated()
    {
        var bytes = Clip.With(b =>
        {
            var s = FlacFileSurgery.StreamInfo + 13; // low nibble of byte 13 and bytes 14..17: 36-bit total samples
            b[s] |= 0x0F;
            b[s + 1] = b[s + 2] = b[s + 3] = b[s + 4] = 0xFF;
        });
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = new FlacReader(new MemoryStream(bytes), leaveOpen: false, "huge.flac");
        Assert.Equal((1L << 36) - 1, reader.Info.FrameCount);
        var buffer = new float[4096];
        var error = Assert.Throws<AudioFormatException>(() => { while (reader.ReadFrames(buffer) > 0) { } });
        Assert.Contains("truncated", error.Problem);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "decoding must not allocate by the declared length");
    }

    /// <summary>Single-byte corruptions anywhere: decoding either succeeds or throws AudioFormatException, and always ends.</summary>
    [Fact]
    public void RandomCorruptionsNeverEscapeAsOtherExceptions()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 400; trial++)
        {
            var bytes = Clip.With(b => b[random.Next(b.Length)] ^= (byte)random.Next(1, 256));
            if (trial % 4 == 0) bytes = bytes[..random.Next(bytes.Length)];
            try
            {
                FlacTestSupport.Decode(bytes);
            }
            catch (AudioFormatException)
            {
            }
        }
    }
}
