using System.Buffers.Binary;
using System.Text;

namespace EmotionRecognition.Audio.Tests;

/// <summary>What <see cref="TestWav.Build"/> writes: a WAV header layout and the raw sample bytes.</summary>
internal sealed record WavSpec(ushort FormatTag, int Channels, int SampleRate, int BitsPerSample)
{
    public bool Extensible { get; init; }
    public bool Rf64 { get; init; }
    public uint? DataSizeField { get; init; }
    public int? BlockAlign { get; init; }
    public IReadOnlyList<(string Id, byte[] Body)> ChunksBeforeData { get; init; } = [];
    public int BytesPerSample => (BitsPerSample + 7) / 8;
}

/// <summary>A tiny WAV writer for round-trip and malformed-input tests.</summary>
internal static class TestWav
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

    /// <summary>Decodes everything a reader yields, in blocks of <paramref name="blockFrames"/>.</summary>
    public static float[] ReadAll(AudioReader reader, int blockFrames = 1000)
    {
        var all = new List<float>();
        var block = new float[blockFrames * reader.Info.Channels];
        int got;
        while ((got = reader.ReadFrames(block)) > 0)
            all.AddRange(block.AsSpan(0, got * reader.Info.Channels));
        return all.ToArray();
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
}

/// <summary>Hides seeking, as a network or pipe stream would.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public bool WasDisposed { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        WasDisposed = true;
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
