using System.Buffers.Binary;
using System.Text;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// RIFF-aware mutations: lying chunk and RIFF sizes, fmt fields (tag, channels, rate, bits, block align, sub-format) set to
/// edge values with or without a consistent block align, duplicated, dropped, reordered and empty chunks, RF64 with a ds64
/// that lies. The file is parsed into chunks, edited, and written back, so one edit does not shift every later offset.
/// </summary>
internal static class WavMutations
{
    private static readonly uint[] InterestingSizes =
        [0, 1, 2, 15, 16, 17, 18, 39, 40, 41, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly uint[] InterestingRates = [0, 1, 2, 7, 100, 8000, 22050, 48000, 1_536_000, 1_536_001, 0x7FFFFFFF, 0xFFFFFFFF];

    private static readonly ushort[] InterestingChannels = [0, 1, 2, 3, 6, 8, 255, 256, 4095, 16383, 21845, 32767, 65535];

    private static readonly ushort[] InterestingBits = [0, 1, 4, 7, 8, 9, 12, 16, 20, 24, 31, 32, 33, 48, 64, 65535];

    private static readonly ushort[] InterestingTags = [0, 1, 2, 3, 6, 7, 0x11, 0x55, 0xFFFE, 0xFFFF];

    private sealed record Chunk(string Id, byte[] Body, uint? DeclaredSize = null);

    public static byte[] Mutate(byte[] seed, Random rng, IReadOnlyList<byte[]> donors)
    {
        if (rng.Next(5) == 0) return ByteMutations.Apply(seed, rng, donors, protectedPrefix: 4);
        var (magic, chunks) = Parse(seed);
        uint? riffSize = null;
        switch (rng.Next(9))
        {
            case 0: LieAboutSize(chunks, rng); break;
            case 1: riffSize = Pick(InterestingSizes, rng); break;
            case 2: case 3: EditFormat(chunks, rng, consistent: rng.Next(2) == 0); break;
            case 4: Duplicate(chunks, rng); break;
            case 5: if (chunks.Count > 0) chunks.RemoveAt(rng.Next(chunks.Count)); break;
            case 6: chunks.Insert(rng.Next(chunks.Count + 1), new Chunk(rng.Next(2) == 0 ? "LIST" : "data", Junk(rng), Pick(InterestingSizes, rng))); break;
            case 7: magic = ToRf64(chunks, rng); break;
            default: ToExtensible(chunks, rng); break;
        }
        var mutated = Write(magic, chunks, riffSize);
        return rng.Next(4) == 0 ? ByteMutations.Apply(mutated, rng, donors, protectedPrefix: 4) : mutated;
    }

    private static (string Magic, List<Chunk> Chunks) Parse(byte[] file)
    {
        var chunks = new List<Chunk>();
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 4));
            var length = (int)Math.Min(size, (uint)(file.Length - position - 8));
            chunks.Add(new Chunk(Encoding.ASCII.GetString(file, position, 4), file.AsSpan(position + 8, length).ToArray()));
            position += 8 + length + (length & 1);
        }
        return (Encoding.ASCII.GetString(file, 0, Math.Min(4, file.Length)), chunks);
    }

    private static byte[] Write(string magic, List<Chunk> chunks, uint? riffSize)
    {
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(magic));
        output.Write(new byte[4]);
        output.Write("WAVE"u8);
        Span<byte> size = stackalloc byte[4];
        foreach (var chunk in chunks)
        {
            output.Write(Encoding.ASCII.GetBytes(chunk.Id));
            BinaryPrimitives.WriteUInt32LittleEndian(size, chunk.DeclaredSize ?? (uint)chunk.Body.Length);
            output.Write(size);
            output.Write(chunk.Body);
            if ((chunk.Body.Length & 1) == 1) output.WriteByte(0);
        }
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), riffSize ?? (magic == "RF64" ? uint.MaxValue : (uint)(bytes.Length - 8)));
        return bytes;
    }

    private static void LieAboutSize(List<Chunk> chunks, Random rng)
    {
        if (chunks.Count == 0) return;
        var i = rng.Next(chunks.Count);
        var body = chunks[i].Body.Length;
        uint lie = rng.Next(3) switch { 0 => (uint)Math.Max(0, body - 1 - rng.Next(4)), 1 => (uint)body + 1 + (uint)rng.Next(4), _ => Pick(InterestingSizes, rng) };
        chunks[i] = chunks[i] with { DeclaredSize = lie };
    }

    private static void EditFormat(List<Chunk> chunks, Random rng, bool consistent)
    {
        var i = chunks.FindIndex(c => c.Id == "fmt ");
        if (i < 0 || chunks[i].Body.Length < 16) return;
        var fmt = (byte[])chunks[i].Body.Clone();
        var span = fmt.AsSpan();
        switch (rng.Next(6))
        {
            case 0: BinaryPrimitives.WriteUInt16LittleEndian(span, Pick(InterestingTags, rng)); break;
            case 1: BinaryPrimitives.WriteUInt16LittleEndian(span[2..], Pick(InterestingChannels, rng)); break;
            case 2: BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Pick(InterestingRates, rng)); break;
            case 3: BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Pick(InterestingSizes, rng)); break;
            case 4: BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)Pick(InterestingSizes, rng)); break;
            default: BinaryPrimitives.WriteUInt16LittleEndian(span[14..], Pick(InterestingBits, rng)); break;
        }
        if (consistent)
        {
            // Keep block align = channels × container bytes so the edit gets past validation and reaches the sample decoder.
            var channels = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(span[14..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)(channels * ((bits + 7) / 8)));
        }
        chunks[i] = chunks[i] with { Body = fmt };
    }

    private static void Duplicate(List<Chunk> chunks, Random rng)
    {
        if (chunks.Count == 0) return;
        var chunk = chunks[rng.Next(chunks.Count)];
        // An empty copy is the zero-length chunk case.
        chunks.Insert(rng.Next(chunks.Count + 1), rng.Next(3) == 0 ? chunk with { Body = [] } : chunk);
    }

    private static string ToRf64(List<Chunk> chunks, Random rng)
    {
        var ds64 = new byte[28];
        long dataSize = rng.Next(4) switch { 0 => 0, 1 => -1, 2 => long.MaxValue, _ => rng.Next(1 << 20) };
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), dataSize);
        chunks.Insert(0, new Chunk("ds64", rng.Next(4) == 0 ? ds64[..rng.Next(16)] : ds64));
        var data = chunks.FindIndex(c => c.Id == "data");
        if (data >= 0) chunks[data] = chunks[data] with { DeclaredSize = uint.MaxValue };
        return "RF64";
    }

    private static void ToExtensible(List<Chunk> chunks, Random rng)
    {
        var i = chunks.FindIndex(c => c.Id == "fmt ");
        if (i < 0 || chunks[i].Body.Length < 16) return;
        var fmt = new byte[40];
        chunks[i].Body.AsSpan(0, 16).CopyTo(fmt);
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), Pick(InterestingBits, rng));
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), (uint)rng.Next());
        // KSDATAFORMAT_SUBTYPE_xxx: the classic tag, then a fixed tail; sometimes a wrong byte in the tail.
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), rng.Next(3) == 0 ? Pick(InterestingTags, rng) : tag);
        tail.CopyTo(fmt.AsSpan(26));
        if (rng.Next(4) == 0) fmt[26 + rng.Next(tail.Length)] ^= 0x40;
        chunks[i] = chunks[i] with { Body = rng.Next(5) == 0 ? fmt[..(16 + rng.Next(24))] : fmt };
    }

    private static byte[] Junk(Random rng)
    {
        var junk = new byte[rng.Next(3) == 0 ? 0 : rng.Next(1, 64)];
        rng.NextBytes(junk);
        return junk;
    }

    private static T Pick<T>(T[] values, Random rng) => values[rng.Next(values.Length)];
}
