using System.Buffers.Binary;

namespace EmotionRecognition.TestData;

/// <summary>Writes small 16-bit PCM WAV files for tests that need real, decodable files with chosen names.</summary>
public static class TestWav
{
    /// <summary>Writes a mono 16-bit WAV of a sine tone.</summary>
    /// <param name="path">The file to write (folders are created).</param>
    /// <param name="seconds">The duration.</param>
    /// <param name="sampleRate">The rate.</param>
    /// <param name="frequency">The tone's frequency in Hz.</param>
    public static void WriteTone(string path, double seconds = 0.25, int sampleRate = 16000, double frequency = 220)
    {
        var n = (int)(seconds * sampleRate);
        var pcm = new short[n];
        for (var i = 0; i < n; i++)
            pcm[i] = (short)(0.3 * short.MaxValue * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        WritePcm16(path, pcm, sampleRate, 1);
    }

    /// <summary>Writes interleaved 16-bit samples as a canonical 44-byte-header WAV.</summary>
    /// <param name="path">The file to write (folders are created).</param>
    /// <param name="interleaved">The samples, channel-interleaved.</param>
    /// <param name="sampleRate">The rate.</param>
    /// <param name="channels">The channel count.</param>
    public static void WritePcm16(string path, ReadOnlySpan<short> interleaved, int sampleRate, int channels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var data = interleaved.Length * 2;
        var bytes = new byte[44 + data];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + data);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data);
        for (var i = 0; i < interleaved.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], interleaved[i]);
        File.WriteAllBytes(path, bytes);
    }
}
