namespace EmotionRecognition.Audio;

/// <summary>Byte-level helpers shared by the container parsers.</summary>
internal static class StreamSkipping
{
    /// <summary>Returns the bytes left after the current position, or null when the stream cannot tell.</summary>
    public static long? Remaining(Stream stream) => stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;

    /// <summary>
    /// Advances <paramref name="count"/> bytes; returns how many were actually skipped (fewer only at the end
    /// of the stream). Seeks when possible so lying sizes cost nothing; otherwise reads through
    /// <paramref name="scratch"/>, so memory stays bounded whatever <paramref name="count"/> claims.
    /// </summary>
    public static long Skip(Stream stream, long count, byte[] scratch)
    {
        if (stream.CanSeek)
        {
            var step = Math.Min(count, Remaining(stream)!.Value);
            stream.Seek(step, SeekOrigin.Current);
            return step;
        }
        long skipped = 0;
        while (skipped < count)
        {
            var want = (int)Math.Min(scratch.Length, count - skipped);
            var got = stream.ReadAtLeast(scratch.AsSpan(0, want), want, throwOnEndOfStream: false);
            skipped += got;
            if (got < want) break;
        }
        return skipped;
    }

    /// <summary>
    /// Reads ahead without consuming: through a <see cref="PeekStream"/>, or by seeking back. Returns how many bytes exist
    /// (fewer than asked only at the end), or null when the stream can do neither.
    /// </summary>
    public static int? Peek(Stream stream, Span<byte> destination)
    {
        if (stream is PeekStream peekable) return peekable.Peek(destination);
        if (!stream.CanSeek) return null;
        var start = stream.Position;
        var got = ReadUpTo(stream, destination);
        stream.Position = start;
        return got;
    }

    /// <summary>Reads until <paramref name="destination"/> is full or the stream ends; returns the count read.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> destination) =>
        stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
}
