using EmotionRecognition.Speech;
using EmotionRecognition.TestData;
using EmotionRecognition.Audio.Tests.Audio.Resampling;
using Xunit.Abstractions;

namespace EmotionRecognition.Audio.Tests.Speech;

[Collection(AllocationSensitiveCollection.Name)]
public class SpeechDetectorTests(ITestOutputHelper output)
{
    private const int Rate = 22050;

    private static float[] Signal(double seconds, Func<int, double> sample, int rate = Rate)
    {
        var signal = new float[(int)(seconds * rate)];
        for (var i = 0; i < signal.Length; i++) signal[i] = (float)sample(i);
        return signal;
    }

    private static float[] WhiteNoise(double seconds, double amplitude, int seed = 1)
    {
        var random = new Random(seed);
        return Signal(seconds, _ => amplitude * (2 * random.NextDouble() - 1));
    }

    /// <summary>Pink (1/f) noise from Paul Kellet's economy filter of white noise.</summary>
    private static float[] PinkNoise(double seconds, double amplitude)
    {
        var random = new Random(2);
        double b0 = 0, b1 = 0, b2 = 0;
        return Signal(seconds, _ =>
        {
            var white = 2 * random.NextDouble() - 1;
            b0 = 0.99765 * b0 + white * 0.0990460;
            b1 = 0.96300 * b1 + white * 0.2965164;
            b2 = 0.57000 * b2 + white * 1.0526913;
            return amplitude * 0.25 * (b0 + b1 + b2 + white * 0.1848);
        });
    }

    private static float[] RealClip(string name)
    {
        var path = SharedData.RavdessFiles().First(f => Path.GetFileName(f) == name);
        return AudioLoader.Load(path, new AudioLoadOptions { SampleRate = null }).Samples;
    }

    public static TheoryData<string> NonSpeech() => ["silence", "white noise", "quiet white noise", "pink noise", "1 kHz tone", "50 Hz hum", "0.2 s click"];

    private static float[] Make(string name) => name switch
    {
        "silence" => new float[3 * Rate],
        "white noise" => WhiteNoise(3, 0.5),
        "quiet white noise" => WhiteNoise(3, 0.01),
        "pink noise" => PinkNoise(3, 0.5),
        "1 kHz tone" => Signal(3, i => 0.5 * Math.Sin(2 * Math.PI * 1000 * i / Rate)),
        "50 Hz hum" => Signal(3, i => 0.3 * Math.Sin(2 * Math.PI * 50 * i / Rate) + 0.1 * Math.Sin(2 * Math.PI * 150 * i / Rate)),
        "0.2 s click" => Signal(3, i => i >= Rate && i < 1.2 * Rate ? 0.8 * Math.Exp(-(i - Rate) / (0.02 * Rate)) * Math.Sin(i) : 0),
        _ => throw new ArgumentException(name),
    };

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(NonSpeech))]
    public void FlagsSoundsThatAreNotSpeech(string name)
    {
        var activity = SpeechDetector.Detect(Make(name), Rate);
        Assert.False(activity.HasSpeech, $"{name}: {activity}");
    }

    [RequiresFact(Requirement.SharedData)]
    public void SteadySoundsAreNoSpeechAndAClickIsTooShort()
    {
        Assert.Equal(SpeechStatus.NoSpeech, SpeechDetector.Detect(Make("white noise"), Rate).Status);
        Assert.Equal(SpeechStatus.NoSpeech, SpeechDetector.Detect(Make("1 kHz tone"), Rate).Status);
        var click = SpeechDetector.Detect(Make("0.2 s click"), Rate);
        Assert.Equal(SpeechStatus.TooShort, click.Status);
        Assert.InRange(click.FirstSpeech, 0.95, 1.02);
    }

    [RequiresFact(Requirement.SharedData)]
    public void A0Point3SecondCutOfRealSpeechIsTooShortWhileTheWholeClipIsSpeech()
    {
        var clip = RealClip("03-01-05-02-01-01-07.flac");
        var whole = SpeechDetector.Detect(clip, Rate);
        Assert.True(whole.HasSpeech, whole.ToString());
        var start = (int)(whole.FirstSpeech * Rate);
        var cut = SpeechDetector.Detect(clip.AsSpan(start, (int)(0.3 * Rate)), Rate);
        Assert.Equal(SpeechStatus.TooShort, cut.Status);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NaNAndTinyInputsAreNoSpeech()
    {
        var signal = WhiteNoise(1, 0.3);
        signal[100] = float.NaN;
        Assert.Equal(SpeechStatus.NoSpeech, SpeechDetector.Detect(signal, Rate).Status);
        Assert.Equal(SpeechStatus.NoSpeech, SpeechDetector.Detect([0.5f, -0.5f], Rate).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeechDetector.Detect(signal, 0));
    }

    [RequiresFact(Requirement.SharedData)]
    public void SpeechStaysSpeechAtOtherRatesAndLevelsAndOverQuietNoise()
    {
        var clip = RealClip("03-01-01-01-02-02-11.flac");
        var at8k = Resampler.Resample(clip, Rate, 8000);
        Assert.True(SpeechDetector.Detect(at8k, 8000).HasSpeech);
        Assert.True(SpeechDetector.Detect(Resampler.Resample(clip, Rate, 48000), 48000).HasSpeech);
        var quieter = clip.Select(v => v * 0.1f).ToArray();
        Assert.True(SpeechDetector.Detect(quieter, Rate).HasSpeech);
        var noise = WhiteNoise(clip.Length / (double)Rate, 0.003, seed: 5);
        var noisy = clip.Zip(noise, (a, b) => a + b).ToArray();
        Assert.True(SpeechDetector.Detect(noisy, Rate).HasSpeech);
    }

    [RequiresFact(Requirement.SharedData)]
    public void FlagsAtMostOnePercentOfTheRavdessClips()
    {
        var files = SharedData.RavdessFiles();
        Assert.Equal(1200, files.Count);
        var flagged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var spread = new double[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            var clip = AudioLoader.Load(files[i], new AudioLoadOptions { SampleRate = null });
            var activity = SpeechDetector.Detect(clip.Samples, clip.SampleRate);
            spread[i] = activity.ModulationDb;
            if (!activity.HasSpeech) flagged.Add($"{Path.GetFileName(files[i])}: {activity}");
        });
        output.WriteLine($"{flagged.Count} of {files.Count} flagged; modulation min {spread.Min():F1} dB, median {spread.Order().ElementAt(600):F1} dB");
        foreach (var f in flagged) output.WriteLine(f);
        Assert.True(flagged.Count <= files.Count / 100, string.Join("\n", flagged));
    }
}
