using System.Buffers.Binary;
using System.Text;

namespace EmotionRecognition.TestData;

/// <summary>What <see cref="WavWriter.Build"/> writes: a WAV header layout and the raw sample bytes.</summary>
public sealed record WavSpec(ushort FormatTag, int Channels, int SampleRate, int BitsPerSample)
{
    public bool Extensible { get; init; }
    public bool Rf64 { get; init; }
    public uint? DataSizeField { get; init; }
    public int? BlockAlign { get; init; }
    public IReadOnlyList<(string Id, byte[] Body)> ChunksBeforeData { get; init; } = [];
    public int BytesPerSample => (BitsPerSample + 7) / 8;
}

/// <summary>The tests' one WAV writer: any header layout (PCM, float, extensible, RF64, extra chunks, lying sizes) for round-trip
/// and malformed-input tests, and small tone files with chosen names for corpus tests.</summary>
public static class WavWriter
{
    public const ushort Pcm = 1;
    public const ushort Float = 3;

    public static byte[] Build(WavSpec spec, ReadOnlySpan<byte> data)
    {
        var output = new MemoryStream();
        var w = new BinaryWriter(output);
        w.Write(Encoding.ASCII.GetBytes(spec.Rf64 ? "RF64" : "RIFF"));
        w.Write(spec.Rf64 ? uint.MaxValue : 0u); // patched below for RIFF
        w.Write(Encoding.ASCII.GetBytes("WAVE"));
        if (spec.Rf64)
        {
            WriteChunkHeader(w, "ds64", 28);
            w.Write(0L);
            w.Write((long)data.Length);
            w.Write((long)(data.Length / Math.Max(1, spec.Channels * spec.BytesPerSample)));
            w.Write(0u);
        }
        WriteFmt(w, spec);
        foreach (var (id, body) in spec.ChunksBeforeData)
        {
            WriteChunkHeader(w, id, (uint)body.Length);
            w.Write(body);
            if (body.Length % 2 == 1) w.Write((byte)0);
        }
        WriteChunkHeader(w, "data", spec.DataSizeField ?? (spec.Rf64 ? uint.MaxValue : (uint)data.Length));
        w.Write(data);
        w.Flush();
        var bytes = output.ToArray();
        if (!spec.Rf64) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>Little-endian two's complement (or offset-binary for 8-bit) integer samples.</summary>
    public static byte[] IntSamples(IReadOnlyList<long> values, int bits)
    {
        var width = bits / 8;
        var bytes = new byte[values.Count * width];
        for (var i = 0; i < values.Count; i++)
        {
            var v = bits == 8 ? values[i] + 128 : values[i];
            for (var b = 0; b < width; b++)
                bytes[i * width + b] = (byte)(v >> (8 * b));
        }
        return bytes;
    }

    public static byte[] FloatSamples(IReadOnlyList<double> values, int bits)
    {
        var bytes = new byte[values.Count * bits / 8];
        for (var i = 0; i < values.Count; i++)
        {
            if (bits == 32) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)values[i]);
            else BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return bytes;
    }

    public static string Write(string directory, string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void WriteFmt(BinaryWriter w, WavSpec spec)
    {
        var blockAlign = spec.BlockAlign ?? spec.Channels * spec.BytesPerSample;
        WriteChunkHeader(w, "fmt ", spec.Extensible ? 40u : 16u);
        w.Write(spec.Extensible ? (ushort)0xFFFE : spec.FormatTag);
        w.Write((ushort)spec.Channels);
        w.Write((uint)spec.SampleRate);
        w.Write((uint)(spec.SampleRate * blockAlign));
        w.Write((ushort)blockAlign);
        w.Write((ushort)spec.BitsPerSample);
        if (!spec.Extensible) return;
        w.Write((ushort)22);
        w.Write((ushort)spec.BitsPerSample);
        w.Write(0u);
        // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: the format tag followed by the fixed GUID tail.
        w.Write(spec.FormatTag);
        w.Write(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 });
    }

    private static void WriteChunkHeader(BinaryWriter w, string id, uint size)
    {
        w.Write(Encoding.ASCII.GetBytes(id));
        w.Write(size);
    }

    /// <summary>Writes interleaved 16-bit samples as a canonical PCM WAV (folders are created).</summary>
    public static void WritePcm16(string path, ReadOnlySpan<short> interleaved, int sampleRate, int channels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var values = new long[interleaved.Length];
        for (var i = 0; i < values.Length; i++) values[i] = interleaved[i];
        File.WriteAllBytes(path, Build(new WavSpec(Pcm, channels, sampleRate, 16), IntSamples(values, 16)));
    }

    /// <summary>Writes a mono 16-bit WAV of a sine tone.</summary>
    public static void WriteTone(string path, double seconds = 0.25, int sampleRate = 16000, double frequency = 220)
    {
        var pcm = new short[(int)(seconds * sampleRate)];
        for (var i = 0; i < pcm.Length; i++)
            pcm[i] = (short)(0.3 * short.MaxValue * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        WritePcm16(path, pcm, sampleRate, 1);
    }
}
