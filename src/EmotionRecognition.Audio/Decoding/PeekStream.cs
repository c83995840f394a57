namespace EmotionRecognition.Audio;

/// <summary>
/// Wraps a non-seekable stream so the container can be sniffed from its first bytes and those bytes
/// replayed to the decoder afterwards.
/// </summary>
internal sealed class PeekStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _pending = new byte[64];
    private int _pendingStart;
    private int _pendingEnd;

    public PeekStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Fills <paramref name="destination"/> without consuming; returns how many bytes exist.</summary>
    public int Peek(Span<byte> destination)
    {
        if (destination.Length > _pending.Length)
            throw new ArgumentOutOfRangeException(nameof(destination), "Peek window is limited to 64 bytes.");
        if (_pendingEnd - _pendingStart < destination.Length)
        {
            // Compact, then top up from the inner stream so the window is contiguous.
            var buffered = _pendingEnd - _pendingStart;
            _pending.AsSpan(_pendingStart, buffered).CopyTo(_pending);
            _pendingStart = 0;
            _pendingEnd = buffered + _inner.ReadAtLeast(
                _pending.AsSpan(buffered, destination.Length - buffered), destination.Length - buffered, throwOnEndOfStream: false);
        }
        var available = Math.Min(destination.Length, _pendingEnd - _pendingStart);
        _pending.AsSpan(_pendingStart, available).CopyTo(destination);
        return available;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_pendingStart < _pendingEnd)
        {
            var n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
            _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
            _pendingStart += n;
            return n;
        }
        return _inner.Read(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _inner.Dispose();
        base.Dispose(disposing);
    }
}
