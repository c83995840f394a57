using System.Security.Cryptography;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>
/// A small FLAC encoder for what libFLAC's encoder never writes: variable block sizes, escape-coded
/// partitions, Rice2 with small parameters, uncommon header codes. Subframes cycle through constant,
/// verbatim and fixed predictors; stereo blocks cycle through every channel assignment.
/// Its output is checked by libFLAC (<c>flac -d</c> verifies CRCs and the MD5) before our decoder sees it.
/// </summary>
internal static class FlacTestEncoder
{
    public static byte[] Encode(int[][] channels, int bits, int sampleRate, IReadOnlyList<int> blockSizes)
    {
        var total = channels[0].Length;
        var w = new BitWriter();
        w.Write(0x664C6143, 32);
        WriteStreamInfo(w, channels, bits, sampleRate, blockSizes);
        w.Write(1, 1); // a PADDING block to be skipped, as the last metadata block
        w.Write(1, 7);
        w.Write(10, 24);
        w.Write(0, 80);
        long start = 0;
        for (var block = 0; block < blockSizes.Count; block++)
        {
            var n = blockSizes[block];
            WriteFrame(w, channels, bits, sampleRate, block, start, n);
            start += n;
        }
        if (start != total) throw new ArgumentException("block sizes must add up to the signal length");
        return w.ToArray();
    }

    private static void WriteStreamInfo(BitWriter w, int[][] channels, int bits, int sampleRate, IReadOnlyList<int> blockSizes)
    {
        w.Write(0, 1);
        w.Write(0, 7);
        w.Write(34, 24);
        var inner = blockSizes.Take(blockSizes.Count - 1).DefaultIfEmpty(blockSizes[0]);
        w.Write((ulong)Math.Max(16, inner.Min()), 16);
        w.Write((ulong)blockSizes.Max(), 16);
        w.Write(0, 24);
        w.Write(0, 24);
        w.Write((ulong)sampleRate, 20);
        w.Write((ulong)channels.Length - 1, 3);
        w.Write((ulong)bits - 1, 5);
        w.Write((ulong)channels[0].Length, 36);
        foreach (var b in Md5(channels, bits)) w.Write(b, 8);
    }

    private static byte[] Md5(int[][] channels, int bits)
    {
        var width = (bits + 7) / 8;
        var bytes = new List<byte>();
        for (var i = 0; i < channels[0].Length; i++)
            foreach (var channel in channels)
                for (var b = 0; b < width; b++) bytes.Add((byte)(channel[i] >> (8 * b)));
        return MD5.HashData(bytes.ToArray());
    }

    private static void WriteFrame(BitWriter w, int[][] channels, int bits, int sampleRate, int block, long start, int n)
    {
        var frameStart = w.Length;
        w.Write(0xFFF9, 16); // sync + variable block size
        var (sizeCode, sizeExtra, sizeExtraBits) = BlockSizeCode(n);
        var rateCode = block % 2 == 0 ? 0 : 13; // STREAMINFO's rate, or spelled out in 16 bits
        w.Write((ulong)sizeCode, 4);
        w.Write((ulong)rateCode, 4);
        var stereo = channels.Length == 2 ? block % 4 : 0;
        var assignment = stereo == 0 ? channels.Length - 1 : 7 + stereo;
        w.Write((ulong)assignment, 4);
        w.Write((ulong)BitsCode(bits, block), 3);
        w.Write(0, 1);
        WriteCodedNumber(w, start);
        if (sizeExtraBits > 0) w.Write((ulong)sizeExtra, sizeExtraBits);
        if (rateCode == 13) w.Write((ulong)sampleRate, 16);
        w.Write(FlacCrc.Crc8(w.BytesFrom(frameStart)), 8);

        var decorrelated = Decorrelate(channels, (int)start, n, stereo);
        for (var c = 0; c < decorrelated.Length; c++)
        {
            var side = stereo switch { 1 or 3 => c == 1, 2 => c == 0, _ => false };
            WriteSubframe(w, decorrelated[c], bits + (side ? 1 : 0), block + c);
        }
        w.AlignToByte();
        w.Write(FlacCrc.Crc16(w.BytesFrom(frameStart)), 16);
    }

    private static (int Code, int Extra, int ExtraBits) BlockSizeCode(int n) => n switch
    {
        192 => (1, 0, 0),
        576 or 1152 or 2304 or 4608 => (2 + System.Numerics.BitOperations.Log2((uint)(n / 576)), 0, 0),
        _ when n >= 256 && n <= 32768 && System.Numerics.BitOperations.IsPow2(n) => (8 + System.Numerics.BitOperations.Log2((uint)(n / 256)), 0, 0),
        <= 256 => (6, n - 1, 8),
        _ => (7, n - 1, 16),
    };

    private static int BitsCode(int bits, int block)
    {
        var code = Array.IndexOf([0, 8, 12, -1, 16, 20, 24, 32], bits);
        return code > 0 && block % 3 != 0 ? code : 0;
    }

    private static void WriteCodedNumber(BitWriter w, long value)
    {
        if (value < 0x80)
        {
            w.Write((ulong)value, 8);
            return;
        }
        var length = 2;
        while (value >= 1L << (5 * length + 1)) length++;
        w.Write(((0xFF00UL >> length) & 0xFF) | ((ulong)value >> (6 * (length - 1))), 8);
        for (var i = length - 2; i >= 0; i--) w.Write(0x80 | (ulong)((value >> (6 * i)) & 0x3F), 8);
    }

    private static long[][] Decorrelate(int[][] channels, int start, int n, int stereo)
    {
        var x = channels.Select(ch => ch.Skip(start).Take(n).Select(v => (long)v).ToArray()).ToArray();
        if (stereo == 0) return x;
        var side = x[0].Zip(x[1], (l, r) => l - r).ToArray();
        return stereo switch
        {
            1 => [x[0], side],
            2 => [side, x[1]],
            _ => [x[0].Zip(x[1], (l, r) => (l + r) >> 1).ToArray(), side],
        };
    }

    private static void WriteSubframe(BitWriter w, long[] samples, int bits, int style)
    {
        var wasted = WastedBits(samples, bits);
        var shifted = samples.Select(s => s >> wasted).ToArray();
        var coded = bits - wasted;
        var order = style % 5;
        var kind = samples.All(s => s == samples[0]) ? 0 : style % 7 == 3 ? 1 : 2;
        w.Write(0, 1);
        w.Write(kind switch { 0 => 0UL, 1 => 1UL, _ => (ulong)(8 + order) }, 6);
        if (wasted > 0)
        {
            w.Write(1, 1);
            w.WriteUnary(wasted - 1);
        }
        else
        {
            w.Write(0, 1);
        }
        if (kind == 0)
        {
            w.WriteSigned(shifted[0], coded);
            return;
        }
        if (kind == 1 || order >= shifted.Length)
        {
            if (kind != 1) throw new ArgumentException("blocks must be longer than the predictor order");
            foreach (var s in shifted) w.WriteSigned(s, coded);
            return;
        }
        for (var i = 0; i < order; i++) w.WriteSigned(shifted[i], coded);
        WriteResidual(w, FixedResidual(shifted, order), order, shifted.Length, style);
    }

    private static int WastedBits(long[] samples, int bits)
    {
        var all = samples.Aggregate(0L, (acc, s) => acc | s);
        if (all == 0) return 0;
        return Math.Min(System.Numerics.BitOperations.TrailingZeroCount(all), bits - 1);
    }

    private static long[] FixedResidual(long[] s, int order)
    {
        var r = new long[s.Length - order];
        for (var i = order; i < s.Length; i++)
        {
            var prediction = order switch
            {
                0 => 0,
                1 => s[i - 1],
                2 => 2 * s[i - 1] - s[i - 2],
                3 => 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3],
                _ => 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4],
            };
            r[i - order] = s[i] - prediction;
        }
        return r;
    }

    /// <summary>Rice (even styles) or Rice2, as many partitions as the block allows up to 8, every third partition escaped.</summary>
    private static void WriteResidual(BitWriter w, long[] residual, int order, int blockSize, int style)
    {
        var rice2 = style % 2 == 1;
        var parameterBits = rice2 ? 5 : 4;
        var escape = (1 << parameterBits) - 1;
        var partitionOrder = 0;
        while (partitionOrder < 3 && blockSize % (2 << partitionOrder) == 0 && (blockSize >> (partitionOrder + 1)) > order)
            partitionOrder++;
        w.Write(rice2 ? 1UL : 0UL, 2);
        w.Write((ulong)partitionOrder, 4);
        var per = blockSize >> partitionOrder;
        var offset = 0;
        for (var p = 0; p < 1 << partitionOrder; p++)
        {
            var part = residual.AsSpan(offset, p == 0 ? per - order : per).ToArray();
            offset += part.Length;
            if ((p + style) % 3 == 2)
            {
                var width = part.Length == 0 ? 0 : part.Max(v => 65 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(v ^ (v >> 63))));
                if (part.All(v => v == 0)) width = 0;
                w.Write((ulong)escape, parameterBits);
                w.Write((ulong)width, 5);
                foreach (var v in part) w.WriteSigned(v, width);
                continue;
            }
            var folded = part.Select(v => (ulong)((v << 1) ^ (v >> 63))).ToArray();
            var mean = folded.Length == 0 ? 0 : folded.Average(v => (double)v);
            var k = mean < 1 ? 0 : Math.Min(escape - 1, (int)Math.Log2(mean));
            w.Write((ulong)k, parameterBits);
            foreach (var u in folded)
            {
                w.WriteUnary((int)(u >> k));
                w.Write(u & ((1UL << k) - 1), k);
            }
        }
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private ulong _pending;
        private int _pendingBits;

        public int Length => _bytes.Count;

        public void Write(ulong value, int bits)
        {
            for (var i = bits - 1; i >= 0; i--)
            {
                _pending = (_pending << 1) | ((value >> i) & 1);
                if (++_pendingBits == 8)
                {
                    _bytes.Add((byte)_pending);
                    _pending = 0;
                    _pendingBits = 0;
                }
            }
        }

        public void WriteSigned(long value, int bits) => Write((ulong)value & (bits == 64 ? ulong.MaxValue : (1UL << bits) - 1), bits);

        public void WriteUnary(int zeros)
        {
            for (var i = 0; i < zeros; i++) Write(0, 1);
            Write(1, 1);
        }

        public void AlignToByte()
        {
            while (_pendingBits != 0) Write(0, 1);
        }

        public byte[] BytesFrom(int start) => _bytes.Skip(start).ToArray();

        public byte[] ToArray() => _bytes.ToArray();
    }
}
