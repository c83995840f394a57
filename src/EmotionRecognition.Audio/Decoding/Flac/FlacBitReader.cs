using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EmotionRecognition.Audio;

/// <summary>
/// Reads a FLAC stream MSB-first through a 64-bit bit cache over a byte buffer refilled from the stream.
/// </summary>
/// <remarks>
/// The bytes of the frame being decoded stay in the buffer (from the mark on), so the frame checksums can be
/// computed in one pass at the end and the sync search can step back. The buffer grows only as real bytes
/// arrive, up to <see cref="MaxFrameBytes"/>.
/// The cache is left-aligned: its top <c>_bits</c> bits are unread. Bits below them are either zero or already
/// hold the next byte's bits at the right place, so refilling can OR eight bytes at once (branch-free refill).
/// </remarks>
internal sealed class FlacBitReader
{
    /// <summary>Largest frame accepted; a legal frame (65,535 samples × 8 channels × 33 bits, verbatim) is ~2.2 MB.</summary>
    internal const int MaxFrameBytes = 16 << 20;

    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer = new byte[64 << 10];
    private int _length;
    private int _position;
    private int _mark;
    private long _discarded;
    private ulong _cache;
    private int _bits;
    private bool _endOfStream;

    public FlacBitReader(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
    }

    /// <summary>Offset in the stream of the next unread byte (when byte-aligned).</summary>
    public long BytePosition => _discarded + _position - (_bits >> 3);

    public bool IsByteAligned => (_bits & 7) == 0;

    /// <summary>An exception naming the source, for every problem the decoder finds.</summary>
    public AudioFormatException Fail(string problem) => new(_source, problem);

    public uint ReadBits(int count)
    {
        if (_bits < count) EnsureBits(count);
        var value = (uint)((_cache >> 1) >> (63 - count));
        _cache <<= count;
        _bits -= count;
        return value;
    }

    public int ReadSigned(int count) =>
        count == 0 ? 0 : ((int)ReadBits(count) << (32 - count)) >> (32 - count);

    /// <summary>Reads a two's-complement value of up to 64 bits (33-bit side channels of 32-bit audio).</summary>
    public long ReadSignedLong(int count)
    {
        if (count <= 32) return ReadSigned(count);
        var high = (ulong)ReadBits(count - 32);
        var raw = (high << 32) | ReadBits(32);
        return (long)(raw << (64 - count)) >> (64 - count);
    }

    public ulong ReadBits64(int count) =>
        count <= 32 ? ReadBits(count) : ((ulong)ReadBits(count - 32) << 32) | ReadBits(32);

    /// <summary>Counts zero bits up to and including the terminating one bit.</summary>
    public ulong ReadUnary()
    {
        ulong zeros = 0;
        while (true)
        {
            if (_bits == 0) EnsureBits(1);
            var leading = BitOperations.LeadingZeroCount(_cache);
            if (leading < _bits)
            {
                _cache = (_cache << leading) << 1;
                _bits -= leading + 1;
                return zeros + (ulong)leading;
            }
            zeros += (ulong)_bits;
            _cache = _bits == 64 ? 0 : _cache << _bits;
            _bits = 0;
        }
    }

    /// <summary>
    /// Decodes <paramref name="destination"/>.Length Rice codes with parameter <paramref name="parameter"/>
    /// (≤ 30). State lives in locals here because this loop is where decoding spends its time.
    /// </summary>
    public void ReadRice(Span<long> destination, int parameter)
    {
        var cache = _cache;
        var bits = _bits;
        var position = _position;
        var buffer = _buffer;
        var fastEnd = _length - 8;
        for (var i = 0; i < destination.Length; i++)
        {
            if (bits < 32 && position <= fastEnd)
            {
                cache |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref buffer[position])) >> bits;
                position += (63 - bits) >> 3;
                bits |= 56;
            }
            var zeros = BitOperations.LeadingZeroCount(cache);
            ulong folded;
            if (zeros + parameter < bits)
            {
                cache = (cache << zeros) << 1;
                var low = (cache >> 1) >> (63 - parameter);
                cache <<= parameter;
                bits -= zeros + 1 + parameter;
                folded = ((ulong)zeros << parameter) | low;
            }
            else
            {
                (_cache, _bits, _position) = (cache, bits, position);
                folded = (ReadUnary() << parameter) | ReadBits(parameter);
                (cache, bits, position) = (_cache, _bits, _position);
                (buffer, fastEnd) = (_buffer, _length - 8); // the slow path may have compacted or grown the buffer
            }
            destination[i] = (long)(folded >> 1) ^ -(long)(folded & 1);
        }
        (_cache, _bits, _position) = (cache, bits, position);
    }

    public void AlignToByte() => ReadBits(_bits & 7);

    /// <summary>Starts a checksummed region (a frame) at the current byte; needs byte alignment.</summary>
    public void MarkFrameStart() => _mark = _position - (_bits >> 3);

    /// <summary>The bytes read since <see cref="MarkFrameStart"/>; needs byte alignment.</summary>
    public ReadOnlySpan<byte> BytesSinceMark() => _buffer.AsSpan(_mark, _position - (_bits >> 3) - _mark);

    /// <summary>Continues reading <paramref name="bytes"/> bytes after the mark (the sync search steps back this way).</summary>
    public void RewindToMark(int bytes)
    {
        _position = _mark + bytes;
        _cache = 0;
        _bits = 0;
        _mark = _position;
    }

    /// <summary>Whether at least one more byte can be read.</summary>
    public bool HasMoreBytes()
    {
        if (_bits < 8) Refill();
        return _bits >= 8;
    }

    /// <summary>Skips whole bytes (metadata blocks) without keeping them; needs byte alignment.</summary>
    public void SkipBytes(long count)
    {
        _position -= _bits >> 3;
        _cache = 0;
        _bits = 0;
        while (count > 0)
        {
            _mark = _position;
            if (_position == _length && !FillBuffer())
                throw Fail("the stream is truncated inside a metadata block");
            var take = (int)Math.Min(count, _length - _position);
            _position += take;
            count -= take;
        }
        _mark = _position;
    }

    private void EnsureBits(int count)
    {
        Refill();
        if (_bits < count)
            throw Fail($"the stream is truncated at byte {_discarded + _length}");
    }

    private void Refill()
    {
        if (_length - _position >= 8)
        {
            _cache |= BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(ref _buffer[_position])) >> _bits;
            _position += (63 - _bits) >> 3;
            _bits |= 56;
            return;
        }
        while (_bits <= 56)
        {
            if (_position == _length && !FillBuffer()) return;
            _cache |= (ulong)_buffer[_position++] << (56 - _bits);
            _bits += 8;
        }
    }

    private bool FillBuffer()
    {
        if (_endOfStream) return false;
        if (_mark > 0)
        {
            Buffer.BlockCopy(_buffer, _mark, _buffer, 0, _length - _mark);
            _length -= _mark;
            _position -= _mark;
            _discarded += _mark;
            _mark = 0;
        }
        if (_length == _buffer.Length)
        {
            if (_buffer.Length >= MaxFrameBytes)
                throw Fail($"a frame at byte {_discarded} is larger than {MaxFrameBytes >> 20} MiB");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        if (read <= 0)
        {
            _endOfStream = true;
            return false;
        }
        _length += read;
        return true;
    }
}
