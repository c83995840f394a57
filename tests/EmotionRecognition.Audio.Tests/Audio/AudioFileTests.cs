using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

public sealed class AudioFileTests : IDisposable
{
    private static readonly string StereoWav = Path.Combine(SharedData.Ravdess48k, "03-01-02-01-01-02-01.wav");
    private readonly string _dir = SharedData.NewTempDirectory("audio-file");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("clip.mp3")]
    [InlineData("clip.flac")]
    [InlineData("clip")]
    public void ContainerComesFromTheBytesNotTheExtension(string name)
    {
        var path = Path.Combine(_dir, name);
        File.Copy(StereoWav, path);
        using var original = AudioFile.Open(StereoWav);
        using var renamed = AudioFile.Open(path);
        Assert.Equal(original.Info, renamed.Info);
        Assert.Equal(TestWav.ReadAll(original, 4096), TestWav.ReadAll(renamed, 4096));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FlacBehindAnId3TagIsDispatchedLikePlainFlac(bool seekable)
    {
        var flac = File.ReadAllBytes(SharedData.RavdessFiles()[0]);
        byte[] tag = [.. "ID3"u8, 3, 0, 0, 0, 0, 2, 0x2C, .. new byte[300]]; // syncsafe 0x0000022C = 300
        var plain = Outcome(flac, seekable);
        var tagged = Outcome([.. tag, .. flac], seekable);
        Assert.Contains("FLAC", plain);
        Assert.Equal(plain, tagged);
    }

    [Fact]
    public void MalformedOrOversizedId3TagIsReported()
    {
        byte[] notSyncsafe = [.. "ID3"u8, 3, 0, 0, 0x80, 0, 0, 0, .. new byte[40]];
        byte[] oversized = [.. "ID3"u8, 3, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F, .. new byte[40]];
        Assert.Contains("malformed", Assert.Throws<AudioFormatException>(() => AudioFile.Open(new MemoryStream(notSyncsafe))).Problem);
        Assert.Contains("claims", Assert.Throws<AudioFormatException>(() => AudioFile.Open(new MemoryStream(oversized))).Problem);
        Assert.Contains("claims", Assert.Throws<AudioFormatException>(
            () => AudioFile.Open(new NonSeekableStream(new MemoryStream(oversized)))).Problem);
    }

    [Fact]
    public void PathOpenedReaderHoldsTheFileUntilDisposed()
    {
        var path = Path.Combine(_dir, "held.wav");
        File.Copy(StereoWav, path);
        var reader = AudioFile.Open(path);
        Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        reader.Dispose();
        using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StreamOwnershipFollowsLeaveOpenOnSuccessAndOnFailure(bool leaveOpen)
    {
        var good = new NonSeekableStream(File.OpenRead(StereoWav));
        AudioFile.Open(good, leaveOpen).Dispose();
        Assert.Equal(!leaveOpen, good.WasDisposed);

        var bad = new NonSeekableStream(new MemoryStream("RIFF\0\0\0\0WAVEjunk"u8.ToArray()));
        Assert.Throws<AudioFormatException>(() => AudioFile.Open(bad, leaveOpen));
        Assert.Equal(!leaveOpen, bad.WasDisposed);

        var seekableBad = new MemoryStream(new byte[100]);
        Assert.Throws<AudioFormatException>(() => AudioFile.Open(seekableBad, leaveOpen));
        Assert.Equal(leaveOpen, seekableBad.CanRead);
    }

    [Fact]
    public void StreamsAreNamedInMessages()
    {
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.Open(new MemoryStream(new byte[16])));
        Assert.Equal("stream", e.SourceName);
        e = Assert.Throws<AudioFormatException>(() => AudioFile.Open(new MemoryStream(new byte[16]), sourceName: "upload #3"));
        Assert.StartsWith("upload #3: ", e.Message);
        using var reader = AudioFile.Open(File.OpenRead(StereoWav));
        Assert.Equal(StereoWav, reader.SourceName);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => AudioFile.Open((string)null!));
        Assert.Throws<ArgumentNullException>(() => AudioFile.Open((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => AudioFile.ReadInfo(null!));
    }

    /// <summary>What opening the bytes yields: the header and first samples, or the failure message.</summary>
    private static string Outcome(byte[] bytes, bool seekable)
    {
        Stream stream = new MemoryStream(bytes);
        if (!seekable) stream = new NonSeekableStream(stream);
        try
        {
            using var reader = AudioFile.Open(stream, sourceName: "clip");
            var first = new float[64];
            reader.ReadFrames(first);
            return $"{reader.Info} {string.Join(",", first)}";
        }
        catch (UnsupportedAudioFormatException e)
        {
            return e.Message;
        }
    }
}
