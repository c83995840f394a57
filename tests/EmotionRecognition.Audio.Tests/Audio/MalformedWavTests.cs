using System.Buffers.Binary;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

/// <summary>Corrupt files made from real WAV bytes: each must fail fast with a message naming the file and the problem.</summary>
public sealed class MalformedWavTests : IDisposable
{
    // Real recordings: stereo 48 kHz with a FLLR chunk before data, and a mono float fixture input with a fact chunk.
    private static readonly byte[] Stereo = File.ReadAllBytes(Path.Combine(SharedData.Ravdess48k, "03-01-02-01-01-02-01.wav"));
    private static readonly byte[] MonoFloat = File.ReadAllBytes(Path.Combine(SharedData.LibrosaFixtures, "inputs", "d_48000_mono_f32.wav"));

    private readonly string _dir = SharedData.NewTempDirectory("malformed-wav");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EmptyFile() => AssertFails([], "empty");

    [Theory]
    [InlineData(6)]   // inside the RIFF header
    [InlineData(14)]  // inside the first chunk header
    [InlineData(30)]  // inside the fmt chunk
    [InlineData(100)] // inside the FLLR chunk
    public void TruncatedHeader(int length) => AssertFails(Stereo[..length], "truncated header");

    [Fact]
    public void NoDataChunk() => AssertFails(Stereo[..(12 + 24)], "no data chunk");

    [Fact]
    public void TruncatedDataThrowsWhenTheShortfallIsReached()
    {
        var path = Write(Stereo[..(Stereo.Length / 2 / 4 * 4)]);
        using var reader = AudioFile.Open(path);
        var firstFrames = new float[2 * 1000];
        Assert.Equal(1000, reader.ReadFrames(firstFrames));
        var e = Assert.Throws<AudioFormatException>(() => TestWav.ReadAll(reader));
        AssertMessage(e, path, "truncated data");
    }

    [Fact]
    public void TruncatedDataInsideAFrame()
    {
        var path = Write(Stereo[..(Stereo.Length / 2 / 4 * 4 + 3)]);
        using var reader = AudioFile.Open(path);
        AssertMessage(Assert.Throws<AudioFormatException>(() => TestWav.ReadAll(reader)), path, "inside a frame");
    }

    [Fact]
    public void TruncatedDataWhileSkipping()
    {
        var path = Write(Stereo[..(Stereo.Length / 2)]);
        using var reader = AudioFile.Open(path);
        AssertMessage(Assert.Throws<AudioFormatException>(() => reader.SkipFrames(1_000_000)), path, "truncated data");
    }

    [Theory]
    [InlineData(16u, 0xFFFFFFF0u)]   // fmt chunk claims 4 GB
    [InlineData(40u, 0x7FFFFFFFu)]   // FLLR chunk claims 2 GB
    public void LyingChunkSizeNeitherHangsNorAllocates(int sizeOffset, uint size)
    {
        var bytes = With(Stereo, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(sizeOffset), size));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        AssertFails(bytes, "claims");
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.Open(new NonSeekableStream(new MemoryStream(bytes)), sourceName: "piped.wav"));
        AssertMessage(e, "piped.wav", "claims");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 16 << 20, "decoder allocated by the header's claim");
    }

    [Fact]
    public void ZeroChannels() => AssertFails(With(Stereo, b => b[22] = b[23] = 0), "zero channels");

    [Theory]
    [InlineData(0u)]
    [InlineData(1_536_001u)]
    [InlineData(0xFFFFFFFFu)]
    public void AbsurdSampleRate(uint rate) =>
        AssertFails(With(Stereo, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), rate)), "sample rate");

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void BlockAlignThatDisagreesWithChannelsAndBits(ushort blockAlign) =>
        AssertFails(With(Stereo, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), blockAlign)), "block align");

    [Fact]
    public void FloatWithSixteenBits() =>
        AssertFails(With(MonoFloat, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), 16)), "16-bit IEEE float", unsupported: true);

    [Theory]
    [InlineData(0x0002, "ADPCM")]
    [InlineData(0x0011, "IMA ADPCM")]
    [InlineData(0x0055, "MPEG Layer 3")]
    [InlineData(0x1234, "0x1234")]
    public void UnsupportedCodec(ushort tag, string name) =>
        AssertFails(With(Stereo, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), tag)), name, unsupported: true);

    [Fact]
    public void UnknownExtensibleSubFormat()
    {
        var bytes = WavWriter.Build(new WavSpec(WavWriter.Pcm, 2, 48000, 16) { Extensible = true }, Stereo.AsSpan(4096, 400));
        bytes[20 + 24 + 6] ^= 0xFF; // inside the fixed tail of the sub-format GUID
        AssertFails(bytes, "sub-format", unsupported: true);
    }

    [Fact]
    public void DataBeforeFormat()
    {
        var bytes = With(Stereo, b => "data"u8.CopyTo(b.AsSpan(12)));
        AssertFails(bytes, "before the fmt chunk");
    }

    [Fact]
    public void RiffThatIsNotWave() => AssertFails(With(Stereo, b => "AVI "u8.CopyTo(b.AsSpan(8))), "not 'WAVE'");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomBytes(int seed)
    {
        var bytes = new byte[10_000];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0x00; // keep the noise from posing as an MPEG frame header
        AssertFails(bytes, "not a recognised audio format");
    }

    [Fact]
    public void RandomBytesAfterAValidRiffHeader()
    {
        var bytes = new byte[10_000];
        new Random(4).NextBytes(bytes);
        Stereo.AsSpan(0, 12).CopyTo(bytes);
        AssertFails(bytes, "");
    }

    /// <summary>
    /// Float samples no recording has are refused where the read reaches them, naming the stored value: out of range for huge
    /// finite ones (float64 1e300 would be an infinity once in float32), NaN or infinite for those. Frames before are returned.
    /// (The classifier's own check on the features, which used to catch huge values as "NaN or infinite", is never reached.)
    /// </summary>
    [Theory]
    [InlineData(32, 1e30, "channel 1 of frame 300 is 1E+30, out of range (float samples must lie within ±1024)")]
    [InlineData(64, -1e300, "channel 1 of frame 300 is -1E+300, out of range (float samples must lie within ±1024)")]
    [InlineData(32, 1025.0, "channel 1 of frame 300 is 1025, out of range")]
    [InlineData(32, double.NaN, "channel 1 of frame 300 is NaN or infinite (NaN)")]
    [InlineData(64, double.PositiveInfinity, "channel 1 of frame 300 is NaN or infinite (Infinity)")]
    public void FloatSamplesOutsideAnyRecordingAreRefusedWithTheirValue(int bits, double bad, string problem)
    {
        var values = Enumerable.Range(0, 2 * 400).Select(i => i == 2 * 300 + 1 ? bad : Math.Sin(i * 0.01)).ToArray();
        var path = Write(WavWriter.Build(new WavSpec(WavWriter.Float, 2, 16000, bits), WavWriter.FloatSamples(values, bits)));
        using var reader = AudioFile.Open(path);
        var before = new float[2 * 256];
        Assert.Equal(256, reader.ReadFrames(before));
        Assert.Equal(values.Take(2 * 256).Select(v => (float)v), before);
        var e = Assert.Throws<AudioFormatException>(() => TestWav.ReadAll(reader));
        AssertMessage(e, path, problem);
    }

    [Fact]
    public void LoudButPossibleFloatSamplesPassThrough()
    {
        double[] values = [1024.0, -1024.0, 3.5, -0.5];
        using var reader = AudioFile.Open(new MemoryStream(WavWriter.Build(new WavSpec(WavWriter.Float, 1, 8000, 32), WavWriter.FloatSamples(values, 32))));
        Assert.Equal(values.Select(v => (float)v), TestWav.ReadAll(reader));
    }

    private static byte[] With(byte[] original, Action<byte[]> corrupt)
    {
        var copy = (byte[])original.Clone();
        corrupt(copy);
        return copy;
    }

    private string Write(byte[] bytes) => WavWriter.Write(_dir, $"case-{Guid.NewGuid():N}.wav", bytes);

    /// <summary>Opens and fully decodes the bytes as a file; the failure must name the file and the problem.</summary>
    private void AssertFails(byte[] bytes, string problem, bool unsupported = false)
    {
        var path = Write(bytes);
        var e = Assert.ThrowsAny<AudioFormatException>(() =>
        {
            using var reader = AudioFile.Open(path);
            TestWav.ReadAll(reader);
        });
        AssertMessage(e, path, problem);
        Assert.Equal(unsupported, e is UnsupportedAudioFormatException);
        // Whatever failed, the file handle was released.
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    private static void AssertMessage(AudioFormatException e, string source, string problem)
    {
        Assert.Equal(source, e.SourceName);
        Assert.StartsWith(source + ": ", e.Message);
        Assert.Contains(problem, e.Problem);
    }
}
