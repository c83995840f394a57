namespace EmotionRecognition.Fuzz;

/// <summary>
/// Format-blind mutations: truncation, bit flips, interesting values, byte runs, splices and duplicated or deleted ranges.
/// Every mutation keeps the bytes before <c>protectedPrefix</c> (a container's magic), so a mutant still reaches the decoder it
/// was made for instead of, say, an ffmpeg child process.
/// </summary>
internal static class ByteMutations
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    /// <summary>Applies one to four random generic mutations.</summary>
    public static byte[] Apply(byte[] input, Random rng, IReadOnlyList<byte[]> donors, int protectedPrefix)
    {
        var data = input;
        var rounds = 1 + rng.Next(4);
        for (var i = 0; i < rounds; i++) data = ApplyOne(data, rng, donors, protectedPrefix);
        return data;
    }

    private static byte[] ApplyOne(byte[] data, Random rng, IReadOnlyList<byte[]> donors, int keep)
    {
        if (data.Length <= keep) return data;
        return rng.Next(8) switch
        {
            0 => data[..(keep + rng.Next(data.Length - keep))],
            1 => Edit(data, d => d[Position(d, rng, keep)] ^= (byte)(1 << rng.Next(8))),
            2 => Edit(data, d => d[Position(d, rng, keep)] = InterestingBytes[rng.Next(InterestingBytes.Length)]),
            3 => ByteRun(data, rng, keep),
            4 => Splice(data, donors[rng.Next(donors.Count)], rng, keep),
            5 => DuplicateRange(data, rng, keep),
            6 => DeleteRange(data, rng, keep),
            _ => Edit(data, d => d[Position(d, rng, keep)] = (byte)rng.Next(256)),
        };
    }

    /// <summary>A position at or after <paramref name="keep"/>, biased towards the header where formats keep their sizes.</summary>
    public static int Position(byte[] data, Random rng, int keep)
    {
        var span = data.Length - keep;
        return keep + (rng.Next(2) == 0 ? rng.Next(Math.Min(span, 256)) : rng.Next(span));
    }

    public static byte[] Edit(byte[] data, Action<byte[]> edit)
    {
        var copy = (byte[])data.Clone();
        edit(copy);
        return copy;
    }

    private static byte[] ByteRun(byte[] data, Random rng, int keep)
    {
        var copy = (byte[])data.Clone();
        var start = Position(copy, rng, keep);
        var length = Math.Min(copy.Length - start, 1 + rng.Next(512));
        copy.AsSpan(start, length).Fill(InterestingBytes[rng.Next(InterestingBytes.Length)]);
        return copy;
    }

    private static byte[] Splice(byte[] data, byte[] donor, Random rng, int keep)
    {
        if (donor.Length <= keep) return data;
        var cut = Position(data, rng, keep);
        var from = Position(donor, rng, keep);
        var length = Math.Min(donor.Length - from, 1 + rng.Next(4096));
        return [.. data.AsSpan(0, cut), .. donor.AsSpan(from, length), .. data.AsSpan(cut)];
    }

    private static byte[] DuplicateRange(byte[] data, Random rng, int keep)
    {
        var start = Position(data, rng, keep);
        var length = Math.Min(data.Length - start, 1 + rng.Next(4096));
        return [.. data.AsSpan(0, start + length), .. data.AsSpan(start)];
    }

    private static byte[] DeleteRange(byte[] data, Random rng, int keep)
    {
        var start = Position(data, rng, keep);
        var length = Math.Min(data.Length - start, 1 + rng.Next(4096));
        return [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];
    }
}
