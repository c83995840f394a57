using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

public class FlacStreamingTests
{
    private static readonly FlacFileSurgery Clip = FlacFileSurgery.Ravdess();

    [RequiresFact(Requirement.SharedData)]
    public void NonSeekableTrickleStreamDecodesTheSame()
    {
        var expected = FlacTestSupport.Decode(Clip.Bytes).Samples;
        var trickled = FlacTestSupport.Decode(new TrickleStream(Clip.Bytes, seed: 5));
        Assert.Equal(expected, trickled.Samples);
    }

    [RequiresFact(Requirement.SharedData)]
    public void OddReadSizesGiveTheSameFloatsAsOneRead()
    {
        var whole = ReadAllFloats(Clip.Bytes, 1 << 20);
        var pieces = ReadAllFloats(Clip.Bytes, 1, 7, 4095, 4097, 333);
        Assert.Equal(whole, pieces);
        var ints = FlacTestSupport.Decode(Clip.Bytes).Samples;
        Assert.Equal(ints.Select(i => i / 32768f), whole);
    }

    [RequiresFact(Requirement.SharedData)]
    public void JunkBetweenAndAfterFramesIsSkippedWithoutLosingAudio()
    {
        var junk = Enumerable.Range(0, 300).Select(i => (byte)(i * 7 % 200)).ToArray(); // no 0xFF: cannot look like a sync code
        var at = Clip.FrameOffsets[2];
        var bytes = Clip.Bytes[..at].Concat(junk).Concat(Clip.Bytes[at..]).Concat("TAG"u8.ToArray()).Concat(junk).ToArray();
        Assert.Equal(FlacTestSupport.Decode(Clip.Bytes).Samples, FlacTestSupport.Decode(bytes).Samples);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(13230)]
    [InlineData(1 << 30)]
    public void SkipFramesLandsOnTheSameSampleAsReading(int skip)
    {
        var all = FlacTestSupport.Decode(Clip.Bytes).Samples;
        using var reader = new FlacReader(new MemoryStream(Clip.Bytes), leaveOpen: false, "clip.flac");
        Assert.Equal(Math.Min(skip, all.Length), reader.SkipFrames(skip));
        var rest = new float[all.Length];
        var got = reader.ReadFrames(rest);
        Assert.Equal(all.Skip(skip).Select(i => i / 32768f), rest.Take(got));
    }

    [RequiresFact(Requirement.SharedData)]
    public void StreamIsDisposedWhenTheHeaderIsRejected()
    {
        var stream = new MemoryStream("RIFF not a flac file"u8.ToArray());
        Assert.Throws<AudioFormatException>(() => new FlacReader(stream, leaveOpen: false, "x.flac"));
        Assert.False(stream.CanRead);
    }

    [RequiresFact(Requirement.SharedData)]
    public void InfoDescribesTheStream()
    {
        using var reader = new FlacReader(new MemoryStream(Clip.Bytes), leaveOpen: false, "clip.flac");
        Assert.Equal(new AudioInfo("FLAC", "FLAC 16-bit", 22050, 1, 16, reader.StreamInfo.TotalSamples), reader.Info);
        Assert.Equal("clip.flac", reader.SourceName);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DisposeHonoursLeaveOpenAndBlocksFurtherReads()
    {
        var stream = new MemoryStream(Clip.Bytes);
        var reader = new FlacReader(stream, leaveOpen: true, "clip.flac");
        reader.Dispose();
        Assert.True(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => reader.ReadFrames(new float[10]));
        new FlacReader(stream = new MemoryStream(Clip.Bytes), leaveOpen: false, "clip.flac").Dispose();
        Assert.False(stream.CanRead);
    }

    /// <summary>
    /// libsndfile (through Python's soundfile, what librosa reads with) scales 8- and 24-bit FLAC by 2^(bits-1);
    /// it refuses 12, 20 and 32 bits, where we keep the same rule.
    /// </summary>
    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(8)]
    [InlineData(24)]
    public void FloatsEqualLibsndfileForOtherDepths(int bits)
    {
        var dir = SharedData.NewTempDirectory("flac-sndfile");
        try
        {
            var wav = Path.Combine(dir, "in.wav");
            var flac = Path.Combine(dir, "in.flac");
            FlacTestSignals.WriteWav(wav, FlacTestSignals.Mixed(bits, 3000, 1, 2), bits, 22050);
            FlacTestSupport.Run("flac", "-s", "-5", "-o", flac, wav);
            var raw = FlacTestSupport.Run("/usr/bin/python3", "-c",
                "import sys, soundfile; d, _ = soundfile.read(sys.argv[1], dtype='float32'); sys.stdout.buffer.write(d.tobytes())", flac);
            var expected = new float[raw.Length / 4];
            Buffer.BlockCopy(raw, 0, expected, 0, raw.Length);
            Assert.Equal(expected, ReadAllFloats(File.ReadAllBytes(flac), 1000));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static float[] ReadAllFloats(byte[] bytes, params int[] frameCounts)
    {
        using var reader = new FlacReader(new MemoryStream(bytes), leaveOpen: false, "clip.flac");
        var channels = reader.Info.Channels;
        var result = new List<float>();
        for (var i = 0; ; i++)
        {
            var buffer = new float[frameCounts[i % frameCounts.Length] * channels];
            var got = reader.ReadFrames(buffer);
            if (got == 0) return result.ToArray();
            result.AddRange(buffer.AsSpan(0, got * channels));
        }
    }

    /// <summary>A forward-only stream that hands out 1–7 bytes per read, as a pipe or socket might.</summary>
    internal sealed class TrickleStream(byte[] data, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, _random.Next(1, 8)), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
