using System.Runtime.InteropServices;
using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>
/// Signals at the edges of what audio can be, through the classifier: each gets an ordinary, finite prediction or a documented
/// refusal (NaN and infinite samples: <see cref="ArgumentException"/>, or <see cref="AudioFormatException"/> from a float WAV), never garbage.
/// </summary>
[Collection(TestModelCollection.Name)]
public class NumericalEdgeCaseTests(TestModel model)
{
    private const int Rate = 22050;
    private const int Window = 55_125; // 2.5 s at 22,050 Hz: the seed spec's clip

    public static TheoryData<string> Signals() => ["silence", "dc offset", "full-scale square wave", "int16 extremes", "one sample"];

    public static TheoryData<string> SpeechSignals() => ["10 ms", "0.5 s"];

    [Theory]
    [MemberData(nameof(Signals))]
    public void EdgeSignalsGetFiniteProbabilitiesSummingToOne(string name) => AssertFiniteAndPaddedAlike(name);

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(SpeechSignals))]
    public void ShortSpeechGetsFiniteProbabilitiesSummingToOne(string name) => AssertFiniteAndPaddedAlike(name);

    private void AssertFiniteAndPaddedAlike(string name)
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var signal = Signal(name);

        var p = classifier.Classify(signal, Rate);

        Assert.All(p.Probabilities, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1.0, p.Probabilities.Sum(), 4);
        // Short clips are documented to be zero-padded to the spec's 2.5 s: exactly the padded clip's answer.
        var padded = new float[Math.Max(Window, signal.Length)];
        signal.CopyTo(padded, 0);
        Assert.Equal(classifier.Classify(padded, Rate).Probabilities, p.Probabilities);
    }

    public static TheoryData<string> EdgeCaseFiles() => [EdgeCaseAudio.Silence, EdgeCaseAudio.Tone, EdgeCaseAudio.Click, EdgeCaseAudio.Noise, EdgeCaseAudio.TenMilliseconds];

    [Theory]
    [MemberData(nameof(EdgeCaseFiles))]
    public void EdgeCaseFilesGetTheirSamplesAnswerFiniteAndSummingToOne(string name)
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var path = EdgeCaseAudio.PathOf(name);
        var fromFile = classifier.Classify(path);
        var clip = AudioLoader.Load(path, classifier.FeatureSpec.ToLoadOptions());
        Assert.Equal(classifier.Classify(clip.Samples, clip.SampleRate).Probabilities, fromFile.Probabilities);
        Assert.All(fromFile.Probabilities, v => Assert.True(float.IsFinite(v), $"{name}: {v}"));
        Assert.Equal(1.0, fromFile.Probabilities.Sum(), 4);
    }

    [Fact]
    public void SilenceOfAnyLengthIsOneAnswer()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var expected = classifier.Classify(new float[Window], Rate).Probabilities;
        Assert.Equal(expected, classifier.Classify(new float[1], Rate).Probabilities);
        Assert.Equal(expected, classifier.Classify(ReadOnlySpan<float>.Empty, Rate).Probabilities);
        Assert.Equal(expected, classifier.Classify(new float[8000], 16000).Probabilities); // resampled zeros are zeros
    }

    [RequiresFact(Requirement.SharedData)]
    public void TenMinuteRecordingIsCutLikeItsFirstWindowAndItsFileLikeTheOffsetWindow()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var recording = TenMinutesOfSpeech();

        // Samples are taken as the already-cut clip; a file is cut at the spec's 0.6 s offset first.
        Assert.Equal(classifier.Classify(recording.AsSpan(0, Window), Rate).Probabilities, classifier.Classify(recording, Rate).Probabilities);
        var dir = SharedData.NewTempDirectory("ten-minutes");
        try
        {
            var path = Path.Combine(dir, "long.wav");
            var pcm = recording.Select(v => (short)Math.Clamp(Math.Round(v * 32768), short.MinValue, short.MaxValue)).ToArray();
            File.WriteAllBytes(path, WavWriter.Build(new WavSpec(WavWriter.Pcm, 1, Rate, 16), MemoryMarshal.AsBytes(pcm.AsSpan())));
            var decoded = AudioLoader.Load(path).Samples;
            var offset = (int)(0.6 * Rate);
            Assert.Equal(classifier.Classify(decoded.AsSpan(offset, Window), Rate).Probabilities, classifier.Classify(path).Probabilities);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void NonFiniteSamplesInAFloatWavAreRefusedByTheDecoder()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var dir = SharedData.NewTempDirectory("nan-wav");
        try
        {
            var values = Enumerable.Range(0, Rate * 3).Select(i => i == Rate ? double.NaN : 0.1 * Math.Sin(i * 0.05)).ToArray();
            var path = WavWriter.Write(dir, "nan.wav", WavWriter.Build(new WavSpec(WavWriter.Float, 1, Rate, 32), WavWriter.FloatSamples(values, 32)));

            // The float WAV decoder refuses samples no recording holds (NaN, infinities, beyond ±1,024), naming where they are,
            // before the classifier's own check on non-finite spans is reached.
            var e = Assert.Throws<AudioFormatException>(() => classifier.Classify(path));
            Assert.Contains($"channel 0 of frame {Rate} is NaN or infinite (NaN)", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static float[] Signal(string name) => name switch
    {
        "silence" => new float[Window],
        "dc offset" => Enumerable.Repeat(0.5f, Window).ToArray(),
        "full-scale square wave" => Enumerable.Range(0, Window).Select(i => (i / 50) % 2 == 0 ? 1f : -1f).ToArray(),
        "int16 extremes" => Enumerable.Range(0, Window).Select(i => i % 2 == 0 ? -32768f / 32768 : 32767f / 32768).ToArray(),
        "one sample" => [0.25f],
        "10 ms" => Speech(Rate / 100),
        "0.5 s" => Speech(Rate / 2),
        _ => throw new ArgumentException(name),
    };

    private static float[] Speech(int samples) =>
        AudioLoader.Load(SharedData.RavdessFiles()[0], new AudioLoadOptions { SampleRate = Rate, Offset = 1.0 }).Samples[..samples];

    /// <summary>Ten minutes of different RAVDESS actors one after another.</summary>
    private static float[] TenMinutesOfSpeech()
    {
        var files = SharedData.RavdessFiles();
        var recording = new float[10 * 60 * Rate];
        for (int i = 0, filled = 0; filled < recording.Length; i += 7)
        {
            var clip = AudioLoader.Load(files[i % files.Count], new AudioLoadOptions { SampleRate = Rate }).Samples;
            var take = Math.Min(clip.Length, recording.Length - filled);
            clip.AsSpan(0, take).CopyTo(recording.AsSpan(filled));
            filled += take;
        }
        return recording;
    }
}
