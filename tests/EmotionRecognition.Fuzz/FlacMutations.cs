using System.Buffers.Binary;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// FLAC-aware mutations. Metadata: STREAMINFO fields (block sizes, rate, channels, bit depth, total samples) at edge values,
/// lying or zero block lengths, a wrong last-block flag, extra or repeated blocks. Frames: header fields (block size and its
/// explicit 8/16-bit forms, rate, channel assignment, bit depth, reserved bit, number), subframe headers (type, order, wasted
/// bits) and bits anywhere in the residuals; edited frames are re-sealed with valid CRC-8 and CRC-16, so the mutation reaches
/// the subframe decoder instead of stopping at the checksum. Frames are also dropped, repeated and swapped.
/// </summary>
internal static class FlacMutations
{
    private const int MetadataStart = 4;

    private static readonly byte[] InterestingSubframeTypes =
        [0x00, 0x02, 0x04, 0x10, 0x12, 0x14, 0x16, 0x18, 0x1A, 0x40, 0x42, 0x4E, 0x7E, 0x7F, 0x01, 0x80];

    private sealed record Frame(int Start, int End, int HeaderLength);

    public static byte[] Mutate(byte[] seed, Random rng, IReadOnlyList<byte[]> donors)
    {
        if (rng.Next(6) == 0) return ByteMutations.Apply(seed, rng, donors, protectedPrefix: 4);
        var framesStart = FramesStart(seed);
        var frames = framesStart is { } s ? FindFrames(seed, s) : [];
        var choice = rng.Next(10);
        byte[] mutated = choice switch
        {
            0 or 1 => EditStreamInfo(seed, rng),
            2 => EditMetadataHeader(seed, rng),
            _ when frames.Count == 0 => ByteMutations.Apply(seed, rng, donors, protectedPrefix: 4),
            3 or 4 => EditFrame(seed, frames[rng.Next(frames.Count)], rng, header: true),
            5 or 6 or 7 => EditFrame(seed, frames[rng.Next(frames.Count)], rng, header: false),
            _ => Rearrange(seed, frames, rng),
        };
        return rng.Next(8) == 0 ? ByteMutations.Apply(mutated, rng, donors, protectedPrefix: 4) : mutated;
    }

    /// <summary>The offset after the last metadata block, or null when the metadata does not parse.</summary>
    private static int? FramesStart(byte[] file)
    {
        var position = MetadataStart;
        while (position + 4 <= file.Length)
        {
            var last = (file[position] & 0x80) != 0;
            position += 4 + (file[position + 1] << 16 | file[position + 2] << 8 | file[position + 3]);
            if (last) return position <= file.Length ? position : null;
        }
        return null;
    }

    /// <summary>Frames found by sync code and confirmed by their CRC-16 (so sync-like bytes inside residuals are skipped).</summary>
    private static List<Frame> FindFrames(byte[] file, int start)
    {
        var syncs = new List<int>();
        for (var i = start; i + 1 < file.Length; i++)
            if (file[i] == 0xFF && (file[i + 1] & 0xFE) == 0xF8) syncs.Add(i);
        var frames = new List<Frame>();
        var from = 0;
        while (from < syncs.Count)
        {
            var begin = syncs[from];
            var next = from + 1;
            while (next <= syncs.Count)
            {
                var end = next < syncs.Count ? syncs[next] : file.Length;
                if (end - begin > 8 && FlacCrc.Crc16(file.AsSpan(begin, end - begin - 2)) == BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(end - 2)))
                {
                    if (HeaderLength(file, begin) is { } header) frames.Add(new Frame(begin, end, header));
                    break;
                }
                next++;
            }
            from = next;
        }
        return frames;
    }

    /// <summary>Bytes of a frame header including its CRC-8 (RFC 9639 §9.1).</summary>
    private static int? HeaderLength(byte[] file, int start)
    {
        if (start + 5 > file.Length) return null;
        var blockCode = file[start + 2] >> 4;
        var rateCode = file[start + 2] & 0xF;
        var first = file[start + 4];
        var numberBytes = first < 0x80 ? 1 : System.Numerics.BitOperations.LeadingZeroCount(~(uint)first << 24);
        var length = 4 + numberBytes + (blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0) + (rateCode == 12 ? 1 : rateCode is 13 or 14 ? 2 : 0) + 1;
        return start + length <= file.Length ? length : null;
    }

    private static byte[] EditStreamInfo(byte[] seed, Random rng)
    {
        var copy = (byte[])seed.Clone();
        const int body = MetadataStart + 4; // STREAMINFO is the first block
        if (copy.Length < body + 34) return copy;
        var (bit, count, values) = rng.Next(7) switch
        {
            0 => (0, 16, new ulong[] { 0, 1, 15, 16, 4096, 65535 }),           // minimum block size
            1 => (16, 16, new ulong[] { 0, 15, 16, 17, 192, 4096, 65535 }),    // maximum block size
            2 => (80, 20, new ulong[] { 0, 1, 2, 8000, 22050, 655350, 1048575 }), // sample rate
            3 => (100, 3, new ulong[] { 0, 1, 2, 5, 7 }),                       // channels - 1
            4 => (103, 5, new ulong[] { 0, 2, 3, 7, 11, 15, 23, 30, 31 }),      // bits per sample - 1
            5 => (108, 36, new ulong[] { 0, 1, 0xFFFFFFFFF, 1UL << 32 }),       // total samples
            _ => (48, 24, new ulong[] { 0, 1, 0xFFFFFF }),                      // maximum frame size
        };
        SetBits(copy.AsSpan(body), bit, count, values[rng.Next(values.Length)]);
        return copy;
    }

    private static byte[] EditMetadataHeader(byte[] seed, Random rng)
    {
        var copy = (byte[])seed.Clone();
        if (copy.Length < MetadataStart + 4) return copy;
        switch (rng.Next(5))
        {
            case 0: copy[MetadataStart] ^= 0x80; break; // the last-block flag
            case 1: copy[MetadataStart] = (byte)((copy[MetadataStart] & 0x80) | new[] { 1, 4, 6, 126, 127 }[rng.Next(5)]); break;
            case 2:
                var lengths = new[] { 0, 1, 33, 35, 0xFFFFFF };
                SetBits(copy.AsSpan(MetadataStart), 8, 24, (ulong)lengths[rng.Next(lengths.Length)]);
                break;
            default:
                // A padding (or repeated STREAMINFO) block, possibly empty, possibly lying about its length, after STREAMINFO.
                var length = rng.Next(3) == 0 ? 0 : rng.Next(1, 256);
                var declared = rng.Next(4) == 0 ? rng.Next(1 << 24) : length;
                byte[] block = [(byte)(rng.Next(4) == 0 ? 0 : 1), (byte)(declared >> 16), (byte)(declared >> 8), (byte)declared, .. new byte[length]];
                var at = MetadataStart + 4 + 34;
                if (copy.Length < at) return copy;
                if ((copy[MetadataStart] & 0x80) != 0) block[0] |= 0x80; // it takes over STREAMINFO's last-block flag
                copy[MetadataStart] &= 0x7F;
                return [.. copy.AsSpan(0, at), .. block, .. copy.AsSpan(at)];
        }
        return copy;
    }

    private static byte[] EditFrame(byte[] seed, Frame frame, Random rng, bool header)
    {
        var bytes = seed.AsSpan(frame.Start, frame.End - frame.Start).ToArray();
        if (header) bytes = EditFrameHeader(bytes, frame.HeaderLength, rng);
        else EditFrameBody(bytes, frame.HeaderLength, rng);
        Reseal(bytes);
        return [.. seed.AsSpan(0, frame.Start), .. bytes, .. seed.AsSpan(frame.End)];
    }

    private static byte[] EditFrameHeader(byte[] frame, int headerLength, Random rng)
    {
        var fixedPart = frame[..4];
        var number = frame[4..(headerLength - 1 - ExtraLength(frame))];
        byte[] extra = frame[(headerLength - 1 - ExtraLength(frame))..(headerLength - 1)];
        switch (rng.Next(6))
        {
            case 0:
                // The block size code, with an explicit size for codes 6 and 7 (0 means a one-sample block).
                var code = rng.Next(16);
                fixedPart[2] = (byte)(code << 4 | (fixedPart[2] & 0xF));
                extra = code switch
                {
                    6 => [(byte)new[] { 0, 1, 15, 255 }[rng.Next(4)]],
                    7 => [(byte)rng.Next(256), (byte)rng.Next(256)],
                    _ => [],
                };
                if ((fixedPart[2] & 0xF) is 12) extra = [.. extra, 0];
                else if ((fixedPart[2] & 0xF) is 13 or 14) extra = [.. extra, 0, 0];
                break;
            case 1: fixedPart[3] = (byte)(rng.Next(16) << 4 | (fixedPart[3] & 0x0F)); break;        // channel assignment
            case 2: fixedPart[3] = (byte)((fixedPart[3] & 0xF1) | rng.Next(8) << 1); break;         // bit depth
            case 3: fixedPart[3] ^= 1; break;                                                        // reserved bit
            case 4: fixedPart[1] ^= 1; break;                                                        // fixed/variable block size
            default: number = rng.Next(3) switch { 0 => [0x00], 1 => [0x7F], _ => [0xC2, 0x80] }; break; // frame number
        }
        return [.. fixedPart, .. number, .. extra, 0, .. frame.AsSpan(headerLength)];
    }

    private static int ExtraLength(byte[] frame)
    {
        var blockCode = frame[2] >> 4;
        var rateCode = frame[2] & 0xF;
        return (blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0) + (rateCode == 12 ? 1 : rateCode is 13 or 14 ? 2 : 0);
    }

    private static void EditFrameBody(byte[] frame, int headerLength, Random rng)
    {
        var bodyLength = frame.Length - headerLength - 2;
        if (bodyLength <= 0) return;
        switch (rng.Next(4))
        {
            case 0: frame[headerLength] = InterestingSubframeTypes[rng.Next(InterestingSubframeTypes.Length)]; break;
            case 1:
                // The bits just after the subframe header: warm-up, LPC precision and shift, residual method and partition order.
                var near = headerLength + 1 + rng.Next(Math.Min(bodyLength - 1, 24) + 1);
                if (near < frame.Length - 2) frame[near] ^= (byte)(1 << rng.Next(8));
                break;
            case 2:
                var run = headerLength + rng.Next(bodyLength);
                frame.AsSpan(run, Math.Min(frame.Length - 2 - run, 1 + rng.Next(64))).Fill(rng.Next(2) == 0 ? (byte)0 : (byte)0xFF);
                break;
            default:
                for (var flips = 1 + rng.Next(4); flips > 0; flips--) frame[headerLength + rng.Next(bodyLength)] ^= (byte)(1 << rng.Next(8));
                break;
        }
    }

    private static byte[] Rearrange(byte[] seed, List<Frame> frames, Random rng)
    {
        var a = frames[rng.Next(frames.Count)];
        var b = frames[rng.Next(frames.Count)];
        var frameA = seed.AsSpan(a.Start, a.End - a.Start);
        return rng.Next(3) switch
        {
            0 => [.. seed.AsSpan(0, a.Start), .. seed.AsSpan(a.End)],                                    // dropped
            1 => [.. seed.AsSpan(0, a.End), .. frameA, .. seed.AsSpan(a.End)],                           // repeated
            _ => a.Start < b.Start
                ? [.. seed.AsSpan(0, a.Start), .. seed.AsSpan(b.Start, b.End - b.Start), .. seed.AsSpan(a.End, b.Start - a.End), .. frameA, .. seed.AsSpan(b.End)]
                : seed,                                                                                   // swapped
        };
    }

    /// <summary>Recomputes the header CRC-8 and the frame CRC-16 so the decoder trusts the edited frame.</summary>
    private static void Reseal(byte[] frame)
    {
        if (HeaderLength(frame, 0) is { } header && frame.Length >= header + 2)
            frame[header - 1] = FlacCrc.Crc8(frame.AsSpan(0, header - 1));
        if (frame.Length >= 2)
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), FlacCrc.Crc16(frame.AsSpan(0, frame.Length - 2)));
    }

    private static void SetBits(Span<byte> data, int bitOffset, int count, ulong value)
    {
        for (var i = 0; i < count; i++)
        {
            var bit = (int)(value >> (count - 1 - i)) & 1;
            var at = bitOffset + i;
            var mask = (byte)(0x80 >> (at & 7));
            data[at >> 3] = (byte)(bit == 1 ? data[at >> 3] | mask : data[at >> 3] & ~mask);
        }
    }
}
