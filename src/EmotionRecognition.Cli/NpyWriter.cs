using System.Buffers.Binary;
using System.Text;

namespace EmotionRecognition.Cli;

/// <summary>Writes NumPy <c>.npy</c> files (format 1.0, little-endian float32, C order) that <c>numpy.load</c> reads.</summary>
internal static class NpyWriter
{
    internal static void WriteFloat32(string path, ReadOnlySpan<float> values, int[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        // The magic, version and length take 10 bytes; the header is space-padded so the data starts on a 64-byte boundary.
        var padded = header.PadRight((10 + header.Length + 1 + 63) / 64 * 64 - 10 - 1) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, .. "NUMPY"u8, 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(padded));
        var buffer = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), values[i]);
        stream.Write(buffer);
    }
}
