namespace EmotionRecognition.Audio;

/// <summary>
/// Decodes RIFF/RF64/BW64 WAVE: PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32/64, A-law and mu-law,
/// plain or WAVE_FORMAT_EXTENSIBLE, any channel count.
/// </summary>
internal sealed class WavReader : AudioReader
{
    private const int BufferBytes = 32 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly WavFormat _format;
    private readonly long? _dataBytes;
    private readonly byte[] _buffer;
    private long _consumed;

    /// <param name="stream">Positioned at the <c>RIFF</c> marker.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <param name="sourceName">For messages.</param>
    public WavReader(Stream stream, bool leaveOpen, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName;
        var scratch = new byte[BufferBytes];
        var header = WavHeaderReader.Read(stream, sourceName, scratch);
        _format = header.Format;
        _dataBytes = header.DataBytes;
        // Whole frames only, and never smaller than one frame (block align can reach 65,535 bytes).
        _buffer = scratch.Length >= _format.BlockAlign ? scratch : new byte[_format.BlockAlign];
        Info = new AudioInfo(header.Container, _format.EncodingName, _format.SampleRate, _format.Channels,
            _format.BitsPerSample, DeclaredFrames());
    }

    public override AudioInfo Info { get; }

    public override string SourceName { get; }

    public override int ReadFrames(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var channels = _format.Channels;
        var wanted = (int)Math.Min(destination.Length / channels, FramesLeftInChunk());
        var framesPerBlock = _buffer.Length / _format.BlockAlign;
        var total = 0;
        while (total < wanted)
        {
            var bytes = Math.Min(wanted - total, framesPerBlock) * _format.BlockAlign;
            var got = StreamSkipping.ReadUpTo(_stream, _buffer.AsSpan(0, bytes));
            var frames = got / _format.BlockAlign;
            var raw = _buffer.AsSpan(0, frames * _format.BlockAlign);
            var samples = destination.Slice(total * channels, frames * channels);
            SampleConverter.Convert(_format.SampleFormat, raw, samples);
            if (_format.IsFloat) CheckRange(raw, samples);
            total += frames;
            _consumed += got;
            if (got < bytes)
            {
                ThrowIfShort(got);
                break;
            }
        }
        return total;
    }

    public override long SkipFrames(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var bytes = Math.Min(frames, Math.Min(FramesLeftInChunk(), long.MaxValue / _format.BlockAlign)) * _format.BlockAlign;
        var skipped = StreamSkipping.Skip(_stream, bytes, _buffer);
        _consumed += skipped;
        if (skipped < bytes)
            ThrowIfShort(skipped);
        return skipped / _format.BlockAlign;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _stream.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// Refuses float samples no recording has: NaN, infinities, or values far beyond full scale (a float64 1e300 would
    /// become an infinity in float32, so the stored value is what the message names).
    /// </summary>
    private void CheckRange(ReadOnlySpan<byte> raw, ReadOnlySpan<float> samples)
    {
        var at = SampleConverter.FirstOutOfRange(samples);
        if (at < 0) return;
        var stored = _format.SampleFormat == WavSampleFormat.Float64 ? BitConverter.ToDouble(raw[(at * 8)..]) : samples[at];
        var value = stored.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        var problem = double.IsFinite(stored)
            ? $"is {value}, out of range (float samples must lie within ±{SampleConverter.MaxFloatMagnitude})"
            : $"is NaN or infinite ({value})";
        var frame = _consumed / _format.BlockAlign + at / _format.Channels;
        throw new AudioFormatException(SourceName, $"channel {at % _format.Channels} of frame {frame} {problem}");
    }

    private long FramesLeftInChunk() =>
        _dataBytes is { } declared ? Math.Max(0, declared - _consumed) / _format.BlockAlign : long.MaxValue;

    /// <summary>Called when the stream ended before the requested bytes: fine only at a frame boundary of an open-ended chunk.</summary>
    private void ThrowIfShort(long gotInLastRequest)
    {
        if (gotInLastRequest % _format.BlockAlign != 0)
            throw new AudioFormatException(SourceName,
                $"truncated data: the file ends inside a frame after {_consumed} data bytes (frames are {_format.BlockAlign} bytes)");
        if (_dataBytes is { } declared)
            throw new AudioFormatException(SourceName,
                $"truncated data: the data chunk declares {declared} bytes but the file ends after {_consumed}");
    }

    private long? DeclaredFrames()
    {
        if (_dataBytes is { } declared) return declared / _format.BlockAlign;
        return StreamSkipping.Remaining(_stream) is { } left ? left / _format.BlockAlign : null;
    }
}
