using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

public class WavReaderTests
{
    public static TheoryData<ushort, int, int, bool> Variants()
    {
        var data = new TheoryData<ushort, int, int, bool>();
        foreach (var extensible in new[] { false, true })
        {
            foreach (var channels in new[] { 1, 2, 3, 6 })
            {
                foreach (var bits in new[] { 8, 16, 24, 32 }) data.Add(WavWriter.Pcm, bits, channels, extensible);
                foreach (var bits in new[] { 32, 64 }) data.Add(WavWriter.Float, bits, channels, extensible);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void RoundTripsEveryEncodingScaledAsLibsndfile(ushort tag, int bits, int channels, bool extensible)
    {
        var spec = new WavSpec(tag, channels, 44100, bits) { Extensible = extensible };
        var (data, expected) = tag == WavWriter.Pcm ? IntCase(bits, channels * 301) : FloatCase(bits, channels * 301);

        using var reader = AudioFile.Open(new MemoryStream(WavWriter.Build(spec, data)));

        Assert.Equal(channels, reader.Info.Channels);
        Assert.Equal(44100, reader.Info.SampleRate);
        Assert.Equal(bits, reader.Info.BitsPerSample);
        Assert.Equal(301, reader.Info.FrameCount);
        Assert.Equal(expected, TestWav.ReadAll(reader, blockFrames: 97));
    }

    [Fact]
    public void SkipsUnknownChunksIncludingOddSizedOnesWithTheirPadByte()
    {
        var (data, expected) = IntCase(16, 2 * 50);
        var spec = new WavSpec(WavWriter.Pcm, 2, 16000, 16)
        {
            ChunksBeforeData = [("LIST", new byte[26]), ("junk", new byte[7]), ("fact", new byte[4])],
        };
        using var reader = AudioFile.Open(new MemoryStream(WavWriter.Build(spec, data)));
        Assert.Equal(expected, TestWav.ReadAll(reader));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void OpenEndedDataChunkIsReadToTheEndOfTheStream(uint sizeField)
    {
        var (data, expected) = IntCase(16, 2 * 123);
        var bytes = WavWriter.Build(new WavSpec(WavWriter.Pcm, 2, 8000, 16) { DataSizeField = sizeField }, data);

        using var seekable = AudioFile.Open(new MemoryStream(bytes));
        Assert.Equal(123, seekable.Info.FrameCount);
        Assert.Equal(expected, TestWav.ReadAll(seekable));

        using var piped = AudioFile.Open(new NonSeekableStream(new MemoryStream(bytes)));
        Assert.Null(piped.Info.FrameCount);
        Assert.Equal(expected, TestWav.ReadAll(piped));
    }

    [Fact]
    public void ReadsRf64WithTheDataSizeFromDs64()
    {
        var (data, expected) = IntCase(24, 3 * 40);
        var bytes = WavWriter.Build(new WavSpec(WavWriter.Pcm, 3, 96000, 24) { Rf64 = true }, data);
        using var reader = AudioFile.Open(new MemoryStream(bytes));
        Assert.Equal("RF64", reader.Info.Container);
        Assert.Equal(40, reader.Info.FrameCount);
        Assert.Equal(expected, TestWav.ReadAll(reader));
    }

    /// <summary>
    /// A writer bug: an odd-sized chunk without its pad byte. The next chunk id is found at the unpadded offset. With 25 stereo
    /// 16-bit frames the data size's low byte is 'd', so the padded offset also reads as printable ("atad"): only the known
    /// id "data" tells them apart.
    /// </summary>
    [Theory]
    [InlineData(7, true)]
    [InlineData(7, false)]
    [InlineData(25, true)]
    [InlineData(25, false)]
    public void OddSizedChunkWithoutItsPadByteIsReadAsOtherReadersRecover(int frames, bool seekable)
    {
        var (data, expected) = IntCase(16, 2 * frames);
        var spec = new WavSpec(WavWriter.Pcm, 2, 16000, 16) { ChunksBeforeData = [("LIST", new byte[26]), ("junk", new byte[7])] };
        var padded = WavWriter.Build(spec, data);
        var pad = padded.AsSpan().IndexOf("junk"u8) + 8 + 7;
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(padded, pad + 1, 4));
        var unpadded = padded[..pad].Concat(padded[(pad + 1)..]).ToArray();

        foreach (var bytes in new[] { padded, unpadded })
        {
            Stream stream = new MemoryStream(bytes);
            using var reader = AudioFile.Open(seekable ? stream : new NonSeekableStream(stream));
            Assert.Equal(expected, TestWav.ReadAll(reader));
        }
    }

    [Fact]
    public void AnOddSizedChunkFollowedByAnUnknownChunkKeepsItsPadByte()
    {
        var (data, expected) = IntCase(16, 2 * 30);
        var spec = new WavSpec(WavWriter.Pcm, 2, 16000, 16) { ChunksBeforeData = [("odd1", [1, 2, 3]), ("zzzz", new byte[4])] };
        var bytes = WavWriter.Build(spec, data);
        bytes[bytes.AsSpan().IndexOf("odd1"u8) + 8 + 3] = (byte)'z'; // a printable pad byte: "zzzz" at the padded offset still wins
        using var reader = AudioFile.Open(new MemoryStream(bytes));
        Assert.Equal(expected, TestWav.ReadAll(reader));
    }

    /// <summary>BW64 (ITU-R BS.2088) is the RF64 layout under another magic: sizes in ds64, read the same way.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsBw64LikeRf64(bool seekable)
    {
        var (data, expected) = IntCase(24, 2 * 50);
        var bytes = WavWriter.Build(new WavSpec(WavWriter.Pcm, 2, 48000, 24) { Rf64 = true }, data);
        "BW64"u8.CopyTo(bytes);
        Stream stream = new MemoryStream(bytes);
        using var reader = AudioFile.Open(seekable ? stream : new NonSeekableStream(stream));
        Assert.Equal(new AudioInfo("BW64", "PCM 24-bit", 48000, 2, 24, 50), reader.Info);
        Assert.Equal(expected, TestWav.ReadAll(reader));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SkipFramesLandsOnTheSameSamplesAsReading(bool seekable)
    {
        var path = EdgeCaseAudio.PathOf(EdgeCaseAudio.StereoWithFiller);
        float[] all;
        using (var reader = AudioFile.Open(path)) all = TestWav.ReadAll(reader, 4096);

        Stream stream = File.OpenRead(path);
        if (!seekable) stream = new NonSeekableStream(stream);
        using var skipping = AudioFile.Open(stream);
        Assert.Equal(28800, skipping.SkipFrames(28800));
        var tail = TestWav.ReadAll(skipping, 4096);
        Assert.Equal(all.AsSpan(28800 * 2).ToArray(), tail);
        Assert.Equal(0, skipping.SkipFrames(10));
    }

    [RequiresFact(Requirement.SharedData)]
    public void ReportsTheHeaderOfARealRecording()
    {
        var path = Path.Combine(SharedData.Ravdess48k, "03-01-02-01-01-02-01.wav");
        var info = AudioFile.ReadInfo(path);
        Assert.Equal(new AudioInfo("WAV", "PCM 16-bit", 48000, 2, 16, info.FrameCount), info);
        // The data chunk (after RIFF, fmt and a 4,044-byte FLLR chunk) is followed by LIST and bext chunks,
        // so the frame count must come from its declared size, not from the file's length.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("data"u8.ToArray(), bytes[4088..4092]);
        long declaredFrames = BitConverter.ToUInt32(bytes, 4092) / 4;
        Assert.Equal(declaredFrames, info.FrameCount);
        using var reader = AudioFile.Open(path);
        Assert.Equal(declaredFrames * 2, TestWav.ReadAll(reader, 4096).Length);
    }

    [Fact]
    public void SkippingAnAbsurdNumberOfFramesStopsAtTheEnd()
    {
        var (data, _) = IntCase(24, 2 * 10);
        var bytes = WavWriter.Build(new WavSpec(WavWriter.Pcm, 2, 8000, 24) { DataSizeField = 0 }, data);
        using var reader = AudioFile.Open(new MemoryStream(bytes));
        Assert.Equal(10, reader.SkipFrames(long.MaxValue));
        Assert.Equal(0, reader.ReadFrames(new float[2]));
    }

    [Fact]
    public void ReadsNothingAfterDisposeAndSaysSo()
    {
        var reader = AudioFile.Open(new MemoryStream(WavWriter.Build(new WavSpec(WavWriter.Pcm, 1, 8000, 16), new byte[20])));
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadFrames(new float[4]));
        Assert.Throws<ObjectDisposedException>(() => reader.SkipFrames(1));
    }

    /// <summary>Integer samples covering both extremes, zero and a deterministic spread, with their expected floats.</summary>
    private static (byte[] Data, float[] Expected) IntCase(int bits, int count)
    {
        var max = (1L << (bits - 1)) - 1;
        var min = -(1L << (bits - 1));
        var random = new Random(bits * 7919 + count);
        var values = Enumerable.Range(0, count).Select(i => i switch
        {
            0 => min,
            1 => max,
            2 => 0,
            3 => -1,
            _ => random.NextInt64(min, max + 1),
        }).ToArray();
        var scale = Math.Pow(2, bits - 1);
        return (WavWriter.IntSamples(values, bits), values.Select(v => (float)(v / scale)).ToArray());
    }

    private static (byte[] Data, float[] Expected) FloatCase(int bits, int count)
    {
        var random = new Random(bits * 31 + count);
        var values = Enumerable.Range(0, count).Select(i => i switch
        {
            0 => -1.0,
            1 => 0.999999,
            2 => 0.0,
            3 => 1.5, // float data is not clipped
            _ => random.NextDouble() * 2 - 1,
        }).ToArray();
        return (WavWriter.FloatSamples(values, bits), values.Select(v => (float)v).ToArray());
    }
}
