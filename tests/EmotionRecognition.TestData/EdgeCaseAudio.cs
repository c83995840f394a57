namespace EmotionRecognition.TestData;

/// <summary>
/// Small generated recordings at the edges of what audio can be (silence, a tone, a click, noise, a 10 ms clip) and two WAV
/// layouts the decoder tests corrupt, committed under <c>tests/audio</c> so tests that need such files do not read
/// <c>../shared</c>. The bytes come only from this class: <c>EdgeCaseAudioTests</c> checks the committed files against it.
/// </summary>
public static class EdgeCaseAudio
{
    /// <summary>The sample rate of the mono clips (the feature specs' rate, so nothing is resampled).</summary>
    public const int SampleRate = 22050;

    /// <summary>One second of silence.</summary>
    public const string Silence = "silence.wav";

    /// <summary>One second of a 440 Hz tone at half scale.</summary>
    public const string Tone = "tone-440hz.wav";

    /// <summary>One second of silence with a 5 ms decaying click in the middle.</summary>
    public const string Click = "click.wav";

    /// <summary>One second of seeded white noise at 0.3 of full scale.</summary>
    public const string Noise = "white-noise.wav";

    /// <summary>Ten milliseconds of the tone: shorter than any analysis window.</summary>
    public const string TenMilliseconds = "short-10ms.wav";

    /// <summary>Three quarters of a second of 48 kHz stereo 16-bit PCM (tone left, noise right) with a 4,044-byte FLLR chunk before the data.</summary>
    public const string StereoWithFiller = "stereo-48k-fllr.wav";

    /// <summary>A quarter second of 48 kHz mono 32-bit float with a fact chunk.</summary>
    public const string MonoFloat = "mono-48k-f32.wav";

    private static readonly Dictionary<string, Func<byte[]>> Makers = new()
    {
        [Silence] = () => Mono16(new double[SampleRate]),
        [Tone] = () => Mono16(Sine(SampleRate, SampleRate)),
        [Click] = () => Mono16(Enumerable.Range(0, SampleRate)
            .Select(i => i >= SampleRate / 2 && i < SampleRate / 2 + SampleRate / 200 ? 0.8 * Math.Exp(-(i - SampleRate / 2) / 20.0) : 0).ToArray()),
        [Noise] = () => Mono16(WhiteNoise(SampleRate, seed: 1)),
        [TenMilliseconds] = () => Mono16(Sine(SampleRate / 100, SampleRate)),
        [StereoWithFiller] = () => StereoPcm16(),
        [MonoFloat] = () => WavWriter.Build(new WavSpec(WavWriter.Float, 1, 48000, 32) { ChunksBeforeData = [("fact", BitConverter.GetBytes(12000))] },
            WavWriter.FloatSamples(Sine(12000, 48000), 32)),
    };

    /// <summary>The committed folder: <c>tests/audio</c>.</summary>
    public static string Directory => Path.Combine(SharedData.Root, "tests", "audio");

    /// <summary>Every file name, sorted.</summary>
    public static IReadOnlyList<string> Names => Makers.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The committed file of that name.</summary>
    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>The bytes the generator makes for that name (what the committed file must hold).</summary>
    public static byte[] Generate(string name) => Makers[name]();

    private static double[] Sine(int samples, int rate) => Enumerable.Range(0, samples).Select(i => 0.5 * Math.Sin(2 * Math.PI * 440 * i / rate)).ToArray();

    private static double[] WhiteNoise(int samples, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, samples).Select(_ => 0.3 * (2 * random.NextDouble() - 1)).ToArray();
    }

    private static byte[] Mono16(double[] samples) =>
        WavWriter.Build(new WavSpec(WavWriter.Pcm, 1, SampleRate, 16), WavWriter.IntSamples(ToPcm16(samples), 16));

    private static byte[] StereoPcm16()
    {
        const int frames = 36000;
        var left = Sine(frames, 48000);
        var right = WhiteNoise(frames, seed: 2);
        var interleaved = Enumerable.Range(0, 2 * frames).Select(i => i % 2 == 0 ? left[i / 2] : right[i / 2]).ToArray();
        return WavWriter.Build(new WavSpec(WavWriter.Pcm, 2, 48000, 16) { ChunksBeforeData = [("FLLR", new byte[4044])] },
            WavWriter.IntSamples(ToPcm16(interleaved), 16));
    }

    private static long[] ToPcm16(double[] samples) => samples.Select(s => (long)Math.Round(Math.Clamp(s, -1, 1) * 32767)).ToArray();
}
