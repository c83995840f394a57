namespace EmotionRecognition.Audio;

/// <summary>
/// A forward-only reader of decoded audio frames. Samples come out as 32-bit floats in [-1, 1),
/// scaled as libsndfile (and so librosa) scales them: integer PCM divided by 2^(bits-1), 8-bit unsigned
/// centred first; float data passes through unchanged.
/// </summary>
/// <remarks>
/// Create one with <c>AudioFile.Open</c>.
/// A reader is not thread-safe. Dispose it to release the underlying stream (unless opened with <c>leaveOpen</c>).
/// Readers allocate buffers proportional to the data actually read, never to sizes declared in headers.
/// </remarks>
public abstract class AudioReader : IDisposable
{
    private bool _disposed;

    /// <summary>The format read from the header.</summary>
    public abstract AudioInfo Info { get; }

    /// <summary>A label for messages: the file name, or the label given for a stream.</summary>
    public abstract string SourceName { get; }

    /// <summary>
    /// Reads up to <c>destination.Length / Channels</c> frames, interleaved, into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Where the samples go; its length should be a multiple of the channel count.</param>
    /// <returns>The number of frames read; 0 at the end of the audio.</returns>
    /// <exception cref="AudioFormatException">The data is corrupt or truncated.</exception>
    public abstract int ReadFrames(Span<float> destination);

    /// <summary>Skips up to <paramref name="frames"/> frames; returns how many were skipped.</summary>
    /// <param name="frames">How many frames to skip.</param>
    /// <exception cref="AudioFormatException">The data is corrupt or truncated.</exception>
    public virtual long SkipFrames(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffer = new float[BlockFrames(Info.Channels, 4096) * Info.Channels];
        long skipped = 0;
        while (skipped < frames)
        {
            var want = (int)Math.Min(frames - skipped, buffer.Length / Info.Channels);
            var got = ReadFrames(buffer.AsSpan(0, want * Info.Channels));
            if (got == 0) break;
            skipped += got;
        }
        return skipped;
    }

    /// <summary>
    /// Frames per block buffer for <paramref name="channels"/> channels: <paramref name="preferred"/>, or fewer when the file has so
    /// many channels that the buffer would pass 65,536 samples. A header may claim 65,535 channels; buffers follow the data, not it.
    /// </summary>
    internal static int BlockFrames(int channels, int preferred) => Math.Clamp((1 << 16) / Math.Max(1, channels), 1, preferred);

    /// <summary>Releases the underlying stream unless the reader was opened with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Whether <see cref="Dispose()"/> has been called.</summary>
    protected bool IsDisposed => _disposed;

    /// <summary>Releases resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
