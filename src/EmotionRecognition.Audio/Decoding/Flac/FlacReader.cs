namespace EmotionRecognition.Audio;

/// <summary>
/// A streaming FLAC decoder (RFC 9639): decodes one frame at a time into reused buffers and hands out
/// interleaved samples, scaled as libsndfile scales them (integer / 2^(bits-1)).
/// </summary>
/// <remarks>
/// The stream must be positioned at the <c>fLaC</c> marker, or at a frame header for a stream joined mid-way (no
/// metadata: the format then comes from the frame headers); it is read forward only and need not be seekable.
/// Memory use is bounded by the largest frame actually read, never by sizes the metadata claims.
/// </remarks>
internal sealed class FlacReader : AudioReader
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FlacFrameDecoder _decoder;
    private readonly float _scale;
    private int _blockSize;
    private int _consumed;
    private bool _ended;

    public FlacReader(Stream stream, bool leaveOpen, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SourceName = sourceName;
        var reader = new FlacBitReader(stream, sourceName);
        try
        {
            StreamInfo = FlacStreamInfo.Read(reader);
        }
        catch when (!leaveOpen)
        {
            stream.Dispose();
            throw;
        }
        _decoder = new FlacFrameDecoder(reader, StreamInfo);
        _scale = 1f / (1L << (StreamInfo.BitsPerSample - 1));
        Info = new AudioInfo(
            "FLAC", $"FLAC {StreamInfo.BitsPerSample}-bit", StreamInfo.SampleRate, StreamInfo.Channels,
            StreamInfo.BitsPerSample, StreamInfo.TotalSamples == 0 ? null : StreamInfo.TotalSamples);
    }

    /// <inheritdoc />
    public override AudioInfo Info { get; }

    /// <inheritdoc />
    public override string SourceName { get; }

    /// <summary>The parsed STREAMINFO block.</summary>
    internal FlacStreamInfo StreamInfo { get; }

    /// <summary>What the frames decoded so far contained.</summary>
    internal FlacDecodeStatistics Statistics => _decoder.Statistics;

    /// <inheritdoc />
    public override int ReadFrames(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Read<float, ToFloat>(destination);
    }

    /// <summary>Skips by decoding frames without converting them.</summary>
    /// <param name="frames">How many frames to skip.</param>
    /// <returns>How many frames were skipped (fewer at the end of the stream).</returns>
    /// <exception cref="AudioFormatException">The data is corrupt or truncated.</exception>
    public override long SkipFrames(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        long skipped = 0;
        while (skipped < frames && NextBlockHasSamples())
        {
            var count = (int)Math.Min(frames - skipped, _blockSize - _consumed);
            _consumed += count;
            skipped += count;
        }
        return skipped;
    }

    /// <summary>Reads interleaved integer samples as stored (no scaling), for bit-exact checks of any depth.</summary>
    internal int ReadSamples(Span<int> destination)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return Read<int, ToInt>(destination);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen) _stream.Dispose();
        base.Dispose(disposing);
    }

    private int Read<T, TConvert>(Span<T> destination) where TConvert : ISampleConverter<T>
    {
        var channels = StreamInfo.Channels;
        var wanted = destination.Length / channels;
        var done = 0;
        while (done < wanted && NextBlockHasSamples())
        {
            var count = Math.Min(wanted - done, _blockSize - _consumed);
            for (var c = 0; c < channels; c++)
            {
                var source = _decoder.Channel(c, _blockSize).Slice(_consumed, count);
                var target = destination[(done * channels + c)..];
                for (var i = 0; i < source.Length; i++) target[i * channels] = TConvert.Convert(source[i], _scale);
            }
            _consumed += count;
            done += count;
        }
        return done;
    }

    private bool NextBlockHasSamples()
    {
        while (_consumed == _blockSize)
        {
            if (_ended) return false;
            _blockSize = _decoder.DecodeNext();
            _consumed = 0;
            if (_blockSize == 0) End();
        }
        return true;
    }

    private void End()
    {
        _ended = true;
        var expected = StreamInfo.TotalSamples;
        if (expected != 0 && _decoder.SamplesDecoded < expected)
            throw new AudioFormatException(SourceName,
                $"the stream is truncated: it ends after {_decoder.SamplesDecoded} of the {expected} samples STREAMINFO declares");
    }

    private interface ISampleConverter<T>
    {
        static abstract T Convert(long sample, float scale);
    }

    private readonly struct ToFloat : ISampleConverter<float>
    {
        public static float Convert(long sample, float scale) => sample * scale;
    }

    private readonly struct ToInt : ISampleConverter<int>
    {
        public static int Convert(long sample, float scale) => (int)sample;
    }
}
