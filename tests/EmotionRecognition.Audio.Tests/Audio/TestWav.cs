using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

/// <summary>Reading helpers for decoder tests (files are written with <see cref="WavWriter"/>).</summary>
internal static class TestWav
{
    /// <summary>Decodes everything a reader yields, in blocks of <paramref name="blockFrames"/>.</summary>
    public static float[] ReadAll(AudioReader reader, int blockFrames = 1000)
    {
        var all = new List<float>();
        var block = new float[blockFrames * reader.Info.Channels];
        int got;
        while ((got = reader.ReadFrames(block)) > 0)
            all.AddRange(block.AsSpan(0, got * reader.Info.Channels));
        return all.ToArray();
    }
}

/// <summary>Hides seeking, as a network or pipe stream would.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public bool WasDisposed { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        WasDisposed = true;
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
