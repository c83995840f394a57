using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace EmotionRecognition.Audio;

/// <summary>
/// Bulk conversion of stored WAV samples to float, scaled as libsndfile scales them so that results equal
/// what <c>soundfile.read(dtype='float32')</c> (and so librosa) returns, bit for bit.
/// </summary>
/// <remarks>Assumes a little-endian host, as every .NET platform is; WAV data is little-endian too.</remarks>
internal static class SampleConverter
{
    private const float Int16Scale = 1f / 32768f;
    private const float Int24Scale = 1f / 8388608f;
    private const float Int32Scale = 1f / 2147483648f;

    /// <summary>
    /// The largest float sample magnitude accepted: +60 dBFS, far above any real recording's overs, far below where the
    /// feature arithmetic (squares of 2,048-sample sums) would overflow.
    /// </summary>
    public const float MaxFloatMagnitude = 1024f;

    private static readonly float[] UnsignedInt8Table = BuildTable(b => (b - 128) / 128f);
    private static readonly float[] ALawTable = BuildTable(b => G711.ALawToLinear((byte)b) * Int16Scale);
    private static readonly float[] MuLawTable = BuildTable(b => G711.MuLawToLinear((byte)b) * Int16Scale);

    /// <summary>Converts <paramref name="source"/> (whole frames) into <paramref name="destination"/> (same sample count).</summary>
    public static void Convert(WavSampleFormat format, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (format)
        {
            case WavSampleFormat.UnsignedInt8: Lookup(UnsignedInt8Table, source, destination); break;
            case WavSampleFormat.ALaw: Lookup(ALawTable, source, destination); break;
            case WavSampleFormat.MuLaw: Lookup(MuLawTable, source, destination); break;
            case WavSampleFormat.Int16: Scale(MemoryMarshal.Cast<byte, short>(source), Int16Scale, destination); break;
            case WavSampleFormat.Int24: FromInt24(source, destination); break;
            case WavSampleFormat.Int32: Scale(MemoryMarshal.Cast<byte, int>(source), Int32Scale, destination); break;
            case WavSampleFormat.Float32: MemoryMarshal.Cast<byte, float>(source).CopyTo(destination); break;
            case WavSampleFormat.Float64: TensorPrimitives.ConvertTruncating<double, float>(MemoryMarshal.Cast<byte, double>(source), destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>The index of the first sample that is NaN or beyond ±<see cref="MaxFloatMagnitude"/>, or -1.</summary>
    public static int FirstOutOfRange(ReadOnlySpan<float> samples)
    {
        // One vectorised pass in the normal case; MaxMagnitude returns NaN when any sample is NaN, which fails the test too.
        if (samples.IsEmpty || Math.Abs(TensorPrimitives.MaxMagnitude(samples)) <= MaxFloatMagnitude) return -1;
        for (var i = 0; i < samples.Length; i++)
            if (!(Math.Abs(samples[i]) <= MaxFloatMagnitude)) return i;
        return -1;
    }

    private static void Scale<T>(ReadOnlySpan<T> source, float scale, Span<float> destination)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        // Integer-to-float rounds to nearest, then the power-of-two scale is exact: libsndfile's order too.
        var target = destination[..source.Length];
        TensorPrimitives.ConvertTruncating<T, float>(source, target);
        TensorPrimitives.Multiply(target, scale, target);
    }

    private static void FromInt24(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var count = source.Length / 3;
        for (var i = 0; i < count; i++)
        {
            var b = source.Slice(i * 3, 3);
            // Place the three bytes in the top of an int so the sign extends for free.
            var value = (b[0] << 8 | b[1] << 16 | b[2] << 24) >> 8;
            destination[i] = value * Int24Scale;
        }
    }

    private static void Lookup(float[] table, ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = table[source[i]];
    }

    private static float[] BuildTable(Func<int, float> valueOf)
    {
        var table = new float[256];
        for (var b = 0; b < table.Length; b++)
            table[b] = valueOf(b);
        return table;
    }
}
