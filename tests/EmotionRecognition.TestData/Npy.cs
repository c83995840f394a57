using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace EmotionRecognition.TestData;

/// <summary>An array read from a NumPy <c>.npy</c> file, widened to double.</summary>
/// <param name="Shape">The array's shape (C order).</param>
/// <param name="Data">The values in C order.</param>
/// <param name="DType">NumPy's dtype string, e.g. <c>&lt;f4</c>.</param>
public sealed record NpyArray(int[] Shape, double[] Data, string DType)
{
    /// <summary>Row <paramref name="r"/> of a 2-D array.</summary>
    public double[] Row(int r) => Data.AsSpan(r * Shape[1], Shape[1]).ToArray();

    /// <summary>The element at (r, c) of a 2-D array.</summary>
    public double this[int r, int c] => Data[r * Shape[1] + c];

    /// <summary>The values narrowed to float.</summary>
    public float[] ToFloat() => Data.Select(d => (float)d).ToArray();
}

/// <summary>Reads NumPy <c>.npy</c> files (format versions 1–3, little-endian numeric dtypes, C order).</summary>
public static partial class Npy
{
    /// <summary>Reads a file.</summary>
    public static NpyArray Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file");
        int major = bytes[6];
        int headerLength, offset;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); offset = 10; }
        else { headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); offset = 12; }
        var header = Encoding.Latin1.GetString(bytes, offset, headerLength);
        var descr = DescrPattern().Match(header).Groups[1].Value;
        if (FortranPattern().IsMatch(header))
            throw new NotSupportedException($"{path}: Fortran order is not supported");
        var shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = new double[count];
        var body = bytes.AsSpan(offset + headerLength);
        for (var i = 0; i < count; i++)
            data[i] = ReadOne(body, descr, i);
        return new NpyArray(shape, data, descr);
    }

    private static double ReadOne(ReadOnlySpan<byte> body, string descr, int i) => descr switch
    {
        "<f4" => BinaryPrimitives.ReadSingleLittleEndian(body[(i * 4)..]),
        "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(body[(i * 8)..]),
        "<i2" => BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]),
        "<i4" => BinaryPrimitives.ReadInt32LittleEndian(body[(i * 4)..]),
        "<i8" => BinaryPrimitives.ReadInt64LittleEndian(body[(i * 8)..]),
        "|u1" => body[i],
        _ => throw new NotSupportedException($"dtype {descr} is not supported"),
    };

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*True")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
