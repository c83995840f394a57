using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>Deterministic test inputs for the encoders: real speech, noise, silence, tones; and a WAV writer for <c>flac</c>.</summary>
internal static class FlacTestSignals
{
    private static readonly Lazy<int[]> SpeechSamples = new(() =>
        FlacTestSupport.Decode(SharedData.RavdessFiles()[123]).Samples);

    /// <summary>16-bit RAVDESS speech, starting at <paramref name="offset"/> samples into a clip.</summary>
    public static int[] Speech(int length, int offset = 20000) => SpeechSamples.Value.AsSpan(offset, length).ToArray();

    /// <summary>
    /// One channel per entry of <paramref name="seeds"/>, at <paramref name="bits"/> bits: speech, then silence (constant
    /// subframes), then full-scale white noise (verbatim subframes), then a tone with a little noise.
    /// </summary>
    public static int[][] Mixed(int bits, int segment, params int[] seeds) =>
        seeds.Select(seed =>
        {
            var random = new Random(seed);
            var speech = Speech(segment, 20000 + 997 * seed).Select(s => Scale(s, 16, bits));
            var silence = new int[segment];
            var noise = Enumerable.Range(0, segment).Select(_ => RandomSample(random, bits));
            var tone = Enumerable.Range(0, segment).Select(i =>
                Clamp(Math.Sin(i * 0.05 * (seed + 1)) * 0.5 * Full(bits) + random.Next(-3, 4), bits));
            return speech.Concat(silence).Concat(noise).Concat(tone).ToArray();
        }).ToArray();

    /// <summary>
    /// Stereo where L and R are near-copies of one noise (then L, R, side and mid cost about the same, so flac's choice
    /// among left/side, right/side and mid/side varies block to block), then independent noises (independent coding).
    /// </summary>
    public static int[][] StereoDecorrelationMix(int segment)
    {
        var random = new Random(7);
        int[] left = new int[2 * segment], right = new int[2 * segment];
        for (var i = 0; i < segment; i++)
        {
            left[i] = random.Next(-8000, 8000);
            right[i] = left[i] + random.Next(-2, 3);
            left[segment + i] = random.Next(-20000, 20000);
            right[segment + i] = random.Next(-100, 100);
        }
        return [left, right];
    }

    public static int Full(int bits) => (int)((1L << (bits - 1)) - 1);

    public static int Scale(int sample16, int from, int to) =>
        to >= from ? (int)((long)sample16 << (to - from)) : sample16 >> (from - to);

    private static int RandomSample(Random random, int bits) =>
        (int)(random.NextInt64(-(1L << (bits - 1)), 1L << (bits - 1)));

    private static int Clamp(double value, int bits) =>
        (int)Math.Clamp(Math.Round(value), -(1L << (bits - 1)), Full(bits));

    /// <summary>
    /// Writes a WAVE_FORMAT_EXTENSIBLE file: whole-byte containers with the valid bits left-justified, as WAV
    /// stores 12- and 20-bit audio. <c>flac</c> then encodes at the valid bit depth.
    /// </summary>
    public static void WriteWav(string path, int[][] channels, int bits, int sampleRate)
    {
        var container = (bits + 7) / 8 * 8;
        var width = container / 8;
        var frames = channels[0].Length;
        var blockAlign = channels.Length * width;
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8);
        w.Write(4 + 8 + 40 + 8 + frames * blockAlign);
        w.Write("WAVEfmt "u8);
        w.Write(40);
        w.Write((ushort)0xFFFE);
        w.Write((ushort)channels.Length);
        w.Write(sampleRate);
        w.Write(sampleRate * blockAlign);
        w.Write((ushort)blockAlign);
        w.Write((ushort)container);
        w.Write((ushort)22);
        w.Write((ushort)bits);
        w.Write(0); // no speaker mapping
        w.Write(new byte[] { 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 });
        w.Write("data"u8);
        w.Write(frames * blockAlign);
        for (var i = 0; i < frames; i++)
            foreach (var channel in channels)
            {
                var stored = (long)channel[i] << (container - bits);
                if (container == 8) stored += 128; // 8-bit WAV is unsigned
                for (var b = 0; b < width; b++) w.Write((byte)(stored >> (8 * b)));
            }
    }
}
