using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>Locates the parts of a real FLAC file so tests can damage exactly one of them.</summary>
internal sealed class FlacFileSurgery
{
    /// <summary>Offset of STREAMINFO's first byte (after the marker and the block header).</summary>
    public const int StreamInfo = 8;

    public FlacFileSurgery(byte[] bytes)
    {
        Bytes = bytes;
        var offset = 4;
        bool last;
        do
        {
            last = (bytes[offset] & 0x80) != 0;
            offset += 4 + ((bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]);
        }
        while (!last);
        FirstFrame = offset;
        FrameOffsets = FindFrames(bytes, offset);
    }

    public byte[] Bytes { get; }

    public int FirstFrame { get; }

    /// <summary>Where each frame starts: a sync code whose header CRC-8 checks and whose frame number comes next.</summary>
    public IReadOnlyList<int> FrameOffsets { get; }

    /// <summary>A real RAVDESS clip (mono, 16-bit, 22,050 Hz, fixed 4,096-sample blocks, several frames).</summary>
    public static FlacFileSurgery Ravdess() => new(File.ReadAllBytes(SharedData.RavdessFiles()[0]));

    /// <summary>The byte holding the CRC-8 of the frame header at <paramref name="frame"/> (fixed block size, frame number &lt; 128).</summary>
    public static int HeaderCrcOffset(byte[] bytes, int frame)
    {
        var sizeCode = bytes[frame + 2] >> 4;
        var rateCode = bytes[frame + 2] & 15;
        var length = 5 + sizeCode switch { 6 => 1, 7 => 2, _ => 0 } + rateCode switch { 12 => 1, 13 or 14 => 2, _ => 0 };
        return frame + length;
    }

    /// <summary>A copy with one edit applied to the first frame header, its CRC-8 recomputed so only the edit is wrong.</summary>
    public byte[] WithHeaderEdit(Action<byte[], int> edit)
    {
        var copy = (byte[])Bytes.Clone();
        edit(copy, FirstFrame);
        var crc = HeaderCrcOffset(copy, FirstFrame);
        copy[crc] = FlacCrc.Crc8(copy.AsSpan(FirstFrame, crc - FirstFrame));
        return copy;
    }

    public byte[] With(Action<byte[]> edit)
    {
        var copy = (byte[])Bytes.Clone();
        edit(copy);
        return copy;
    }

    private static List<int> FindFrames(byte[] bytes, int start)
    {
        var frames = new List<int>();
        for (var i = start; i + 6 < bytes.Length; i++)
        {
            if (bytes[i] != 0xFF || bytes[i + 1] != 0xF8 || bytes[i + 4] != frames.Count || frames.Count >= 128) continue;
            var crc = HeaderCrcOffset(bytes, i);
            if (crc < bytes.Length && FlacCrc.Crc8(bytes.AsSpan(i, crc - i)) == bytes[crc]) frames.Add(i);
        }
        return frames;
    }
}
