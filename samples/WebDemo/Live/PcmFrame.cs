using System.Buffers;
using System.Buffers.Binary;

namespace EmotionRecognition.WebDemo.Live;

/// <summary>One received frame as float samples in a pooled buffer; the reader returns it with <see cref="Dispose"/>.</summary>
internal sealed class PcmFrame : IDisposable
{
    // Live audio is nominally in [-1, 1]; anything far past that (or NaN) is random bytes, not a microphone.
    private const float MaxMagnitude = 16f;

    private float[]? _buffer;

    private PcmFrame(float[] buffer, int count)
    {
        _buffer = buffer;
        Count = count;
    }

    public int Count { get; }

    public ReadOnlySpan<float> Samples => _buffer.AsSpan(0, Count);

    /// <summary>Decodes little-endian PCM bytes, refusing a partial sample and values that cannot be audio.</summary>
    public static PcmFrame Decode(ReadOnlySpan<byte> bytes, LiveFormat format)
    {
        if (bytes.Length % format.BytesPerSample != 0)
            throw new LiveProtocolException(
                $"A frame of {bytes.Length} bytes is not a whole number of {format.BytesPerSample}-byte samples.",
                System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData);
        var count = bytes.Length / format.BytesPerSample;
        var buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, count));
        var frame = new PcmFrame(buffer, count);
        if (format.Encoding == PcmEncoding.Int16) ReadInt16(bytes, buffer);
        else if (!ReadFloat32(bytes, buffer))
        {
            frame.Dispose();
            throw new LiveProtocolException(
                "A frame holds values that are not audio samples (NaN, infinity or far beyond [-1, 1]).",
                System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData);
        }
        return frame;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<float>.Shared.Return(buffer);
    }

    private static void ReadInt16(ReadOnlySpan<byte> bytes, float[] output)
    {
        for (var i = 0; i < bytes.Length / 2; i++) output[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]) / 32768f;
    }

    private static bool ReadFloat32(ReadOnlySpan<byte> bytes, float[] output)
    {
        for (var i = 0; i < bytes.Length / 4; i++)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            if (!float.IsFinite(value) || Math.Abs(value) > MaxMagnitude) return false;
            output[i] = value;
        }
        return true;
    }
}
