using System.Numerics.Tensors;

namespace EmotionRecognition.Audio;

/// <summary>
/// Finds and decodes frames one at a time into reused per-channel buffers: sync search, header, subframes,
/// CRC-16, channel decorrelation (RFC 9639 §9).
/// </summary>
internal sealed class FlacFrameDecoder
{
    private readonly FlacBitReader _reader;
    private readonly FlacStreamInfo _info;
    private readonly FlacSubframeDecoder _subframes;
    private readonly long[][] _channels;
    private bool? _variableBlockSize;
    private bool _sampleNumbered;
    private long? _firstNumber;
    private long _frameIndex;
    private long _sampleIndex;

    public FlacFrameDecoder(FlacBitReader reader, FlacStreamInfo info)
    {
        _reader = reader;
        _info = info;
        _subframes = new FlacSubframeDecoder(reader);
        _channels = new long[info.Channels][];
        for (var c = 0; c < _channels.Length; c++) _channels[c] = [];
    }

    public FlacDecodeStatistics Statistics => _subframes.Statistics;

    /// <summary>Samples per channel decoded so far.</summary>
    public long SamplesDecoded => _sampleIndex;

    /// <summary>The decoded samples of channel <paramref name="channel"/> in the last frame.</summary>
    public ReadOnlySpan<long> Channel(int channel, int blockSize) => _channels[channel].AsSpan(0, blockSize);

    /// <summary>Decodes the next frame; returns its block size, or 0 at the end of the stream.</summary>
    public int DecodeNext()
    {
        if (!TryFindHeader(out var header)) return 0;
        var n = header.BlockSize;
        EnsureCapacity(n);
        for (var c = 0; c < header.Channels; c++)
            _subframes.Decode(_channels[c].AsSpan(0, n), header.BitsPerSample + (IsSideChannel(header.Assignment, c) ? 1 : 0));
        _reader.AlignToByte();
        var computed = FlacCrc.Crc16(_reader.BytesSinceMark());
        var stored = _reader.ReadBits(16);
        if (computed != stored)
            throw _reader.Fail($"frame {Describe()}: CRC-16 mismatch (stored 0x{stored:X4}, computed 0x{computed:X4})");
        Decorrelate(header.Assignment, n);
        CheckRange(header.Channels, n, header.BitsPerSample);
        Record(header);
        _frameIndex++;
        _sampleIndex += n;
        return n;
    }

    /// <summary>
    /// Reads the header at the current byte; if no sync code is there, searches forward for one whose header
    /// validates. Skipped junk is tolerated only when no audio was lost (the next frame has the expected number).
    /// </summary>
    private bool TryFindHeader(out FlacFrameHeader header)
    {
        var expectedAt = _reader.BytePosition;
        var searching = false;
        while (true)
        {
            _reader.MarkFrameStart();
            if (!_reader.HasMoreBytes()) { header = default; return false; }
            if (TryReadHeader(searching, out header))
            {
                CheckPosition(header, searching, expectedAt);
                return true;
            }
            searching = true;
            _reader.RewindToMark(1);
        }
    }

    private bool TryReadHeader(bool searching, out FlacFrameHeader header)
    {
        header = default;
        if (_reader.ReadBits(8) != 0xFF || !_reader.HasMoreBytes()) return false;
        var second = _reader.ReadBits(8);
        if ((second & 0xFE) != 0xF8) return false;
        try
        {
            header = FlacFrameHeader.ReadAfterSync(_reader, (second & 1) == 1, _info.IsDeclared ? _info.BitsPerSample : 0);
        }
        catch (AudioFormatException) when (searching)
        {
            return false;
        }
        return true;
    }

    private void CheckPosition(FlacFrameHeader header, bool searched, long expectedAt)
    {
        _variableBlockSize ??= header.VariableBlockSize;
        if (header.VariableBlockSize != _variableBlockSize)
            throw _reader.Fail($"frame {Describe()} switches between fixed and variable block sizes");
        CheckNumber(header, searched, expectedAt);
        CheckFormat(header);
    }

    /// <summary>
    /// Frames must follow each other without a gap. A frame number counts frames, a sample number counts samples; both
    /// start at 0, or at the first frame's number in a stream joined mid-way. Streams from before FLAC 1.2 (Flake 0.11)
    /// vary their block size without the header bit that says so and number frames by sample: the first frame whose number
    /// is the sample count rather than the frame count marks such a stream, which must then keep to it. Only a frame found
    /// right after the previous one may mark it: after skipped junk the same number could mean lost frames.
    /// </summary>
    private void CheckNumber(FlacFrameHeader header, bool searched, long expectedAt)
    {
        var first = _firstNumber ??= _info.IsDeclared ? 0 : header.Number;
        var bySample = first + _sampleIndex;
        if (!header.VariableBlockSize && !_sampleNumbered && !searched && header.Number == bySample && _frameIndex > 0)
            _sampleNumbered = true;
        var sampleNumbered = header.VariableBlockSize || _sampleNumbered;
        var expected = sampleNumbered ? bySample : first + _frameIndex;
        if (header.Number == expected) return;
        var what = sampleNumbered ? "sample" : "frame";
        var lost = searched ? $"no frame sync code at byte {expectedAt}; " : "";
        throw _reader.Fail($"{lost}found {what} number {header.Number} where {expected} was expected (audio is missing)");
    }

    private void CheckFormat(FlacFrameHeader header)
    {
        if (header.BlockSize > _info.MaxBlockSize)
            throw _reader.Fail($"frame {Describe()} has {header.BlockSize} samples, more than the STREAMINFO maximum {_info.MaxBlockSize}");
        if (header.Channels != _info.Channels)
            throw _reader.Fail($"frame {Describe()} has {header.Channels} channels but {_info.DeclaredBy} {_info.Channels}");
        if (header.BitsPerSample == 0)
            throw _reader.Fail($"frame {Describe()} takes its bit depth from a STREAMINFO block the stream does not have");
        if (header.BitsPerSample != _info.BitsPerSample)
            throw _reader.Fail($"frame {Describe()} has {header.BitsPerSample}-bit samples but {_info.DeclaredBy} {_info.BitsPerSample}");
        if (header.SampleRate != 0 && header.SampleRate != _info.SampleRate)
            throw _reader.Fail($"frame {Describe()} has a sample rate of {header.SampleRate} Hz but {_info.DeclaredBy} {_info.SampleRate} Hz");
    }

    private static bool IsSideChannel(FlacChannelAssignment assignment, int channel) => assignment switch
    {
        FlacChannelAssignment.LeftSide or FlacChannelAssignment.MidSide => channel == 1,
        FlacChannelAssignment.RightSide => channel == 0,
        _ => false,
    };

    private void Decorrelate(FlacChannelAssignment assignment, int n)
    {
        if (assignment == FlacChannelAssignment.Independent) return;
        var a = _channels[0].AsSpan(0, n);
        var b = _channels[1].AsSpan(0, n);
        switch (assignment)
        {
            case FlacChannelAssignment.LeftSide:
                for (var i = 0; i < n; i++) b[i] = a[i] - b[i];
                break;
            case FlacChannelAssignment.RightSide:
                for (var i = 0; i < n; i++) a[i] += b[i];
                break;
            case FlacChannelAssignment.MidSide:
                for (var i = 0; i < n; i++)
                {
                    var side = b[i];
                    var mid = (a[i] << 1) | (side & 1);
                    a[i] = (mid + side) >> 1;
                    b[i] = (mid - side) >> 1;
                }
                break;
        }
    }

    /// <summary>
    /// Refuses a frame whose samples leave the declared bit depth. Only a corrupt residual does that (found by fuzzing with frames
    /// re-sealed with valid CRCs); decoded on, it would scale to values outside [-1, 1).
    /// </summary>
    private void CheckRange(int channels, int n, int bits)
    {
        var max = (1L << (bits - 1)) - 1;
        for (var c = 0; c < channels; c++)
        {
            var samples = _channels[c].AsSpan(0, n);
            if (TensorPrimitives.Min<long>(samples) < -max - 1 || TensorPrimitives.Max<long>(samples) > max)
                throw _reader.Fail($"frame {Describe()}: channel {c} decodes to samples outside the {bits}-bit range (the residual is corrupt)");
        }
    }

    private void EnsureCapacity(int blockSize)
    {
        for (var c = 0; c < _channels.Length; c++)
            if (_channels[c].Length < blockSize) _channels[c] = new long[blockSize];
    }

    private void Record(FlacFrameHeader header)
    {
        var stats = Statistics;
        stats.Frames++;
        stats.ChannelAssignments[(int)header.Assignment]++;
        if (header.VariableBlockSize) stats.VariableBlockSizeFrames++;
        stats.BlockSizes.Add(header.BlockSize);
    }

    private string Describe() =>
        $"{_frameIndex} (sample {_sampleIndex}, byte {_reader.BytePosition})";
}
