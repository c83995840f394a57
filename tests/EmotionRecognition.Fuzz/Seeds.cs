using EmotionRecognition.TestData;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The valid files mutations start from. WAV: every layout the decoder supports, written by the tests' WAV writer. FLAC:
/// small synthetic files made with the reference encoder (<c>seeds/</c>: 8 to 32 bits, 1, 2 and 6 channels, fixed and LPC
/// subframes) and real RAVDESS recordings read in place from <c>../shared</c>. Model: the shipped default model.
/// </summary>
internal static class Seeds
{
    public static string Directory => Path.Combine(SharedData.Root, "tests", "EmotionRecognition.Fuzz", "seeds");

    public static IReadOnlyList<(string Name, byte[] Bytes)> Wav() =>
    [
        ("pcm16-mono-22050", Build(new WavSpec(WavWriter.Pcm, 1, 22050, 16), 0.2)),
        ("pcm8-mono-8000", Build(new WavSpec(WavWriter.Pcm, 1, 8000, 8), 0.2)),
        ("pcm24-stereo-44100", Build(new WavSpec(WavWriter.Pcm, 2, 44100, 24), 0.05)),
        ("pcm32-mono-16000", Build(new WavSpec(WavWriter.Pcm, 1, 16000, 32), 0.1)),
        ("float32-stereo-22050", Build(new WavSpec(WavWriter.Float, 2, 22050, 32), 0.1)),
        ("float64-mono-16000", Build(new WavSpec(WavWriter.Float, 1, 16000, 64), 0.1)),
        ("alaw-mono-8000", Build(new WavSpec(6, 1, 8000, 8), 0.2)),
        ("mulaw-mono-8000", Build(new WavSpec(7, 1, 8000, 8), 0.2)),
        ("extensible-pcm24-6ch-48000", Build(new WavSpec(WavWriter.Pcm, 6, 48000, 24) { Extensible = true }, 0.02)),
        ("rf64-pcm16-mono-16000", Build(new WavSpec(WavWriter.Pcm, 1, 16000, 16) { Rf64 = true }, 0.1)),
        ("pcm16-list-chunk", Build(new WavSpec(WavWriter.Pcm, 2, 16000, 16) { ChunksBeforeData = [("LIST", "INFOISFT\u0003\0\0\0ab\0"u8.ToArray())] }, 0.1)),
    ];

    public static IReadOnlyList<(string Name, byte[] Bytes)> Flac()
    {
        var synthetic = System.IO.Directory.GetFiles(Directory, "*.flac").Order(StringComparer.Ordinal);
        var ravdess = SharedData.RavdessFiles();
        return synthetic.Concat([ravdess[0], ravdess[ravdess.Count / 2]])
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path))).ToArray();
    }

    public static IReadOnlyList<(string Name, byte[] Bytes)> Model()
    {
        using var stream = EmotionRecognition.Inference.DefaultModel.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return [("default.emotion", copy.ToArray())];
    }

    /// <summary>A WAV of a chirp plus a little deterministic noise in the given layout.</summary>
    private static byte[] Build(WavSpec spec, double seconds)
    {
        var frames = (int)(seconds * spec.SampleRate);
        var values = new double[frames * spec.Channels];
        var noise = new Random(spec.SampleRate * 31 + spec.BitsPerSample * 7 + spec.Channels);
        for (var i = 0; i < values.Length; i++)
        {
            var t = (double)(i / spec.Channels) / spec.SampleRate;
            values[i] = 0.6 * Math.Sin(2 * Math.PI * (200 + 2000 * t) * t * (1 + i % spec.Channels)) + 0.05 * (noise.NextDouble() - 0.5);
        }
        return WavWriter.Build(spec, Encode(spec, values));
    }

    private static byte[] Encode(WavSpec spec, double[] values)
    {
        if (spec.FormatTag == WavWriter.Float) return WavWriter.FloatSamples(values, spec.BitsPerSample);
        if (spec.FormatTag is 6 or 7) return values.Select(v => (byte)(128 + v * 127)).ToArray(); // any byte is a G.711 code
        var full = (1L << (spec.BitsPerSample - 1)) - 1;
        return WavWriter.IntSamples(values.Select(v => (long)(v * full)).ToArray(), spec.BitsPerSample);
    }
}
