using EmotionRecognition.Audio;
using EmotionRecognition.Speech;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

/// <summary>The shipped model is not asked about clips without speech: they come back flagged, with even odds.</summary>
public class SpeechFlagTests
{
    private const int Rate = 22050;

    private static readonly Lazy<EmotionClassifier> Default = new(() => EmotionClassifier.LoadDefault());

    private static float[] Generated(string name)
    {
        var random = new Random(3);
        var signal = new float[3 * Rate];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = name switch
            {
                "silence" => 0,
                "white noise" => (float)(0.5 * (2 * random.NextDouble() - 1)),
                "1 kHz tone" => (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / Rate)),
                "0.2 s click" => i < 0.2 * Rate ? (float)(0.8 * Math.Exp(-i / (0.02 * Rate)) * Math.Sin(i)) : 0,
                _ => throw new ArgumentException(name),
            };
        }
        return signal;
    }

    [Theory]
    [InlineData("silence", SpeechStatus.NoSpeech)]
    [InlineData("white noise", SpeechStatus.NoSpeech)]
    [InlineData("1 kHz tone", SpeechStatus.NoSpeech)]
    [InlineData("0.2 s click", SpeechStatus.TooShort)]
    public void GeneratedSoundsAreFlaggedWithEvenOdds(string name, SpeechStatus expected)
    {
        var prediction = Default.Value.Classify(Generated(name), Rate);
        Assert.Equal(expected, prediction.SpeechStatus);
        Assert.False(prediction.HasSpeech);
        Assert.All(prediction.Probabilities, p => Assert.Equal(1f / 7, p));
        Assert.Equal(Emotion.Neutral, prediction.Emotion);
    }

    [RequiresFact(Requirement.SharedData)]
    public void A0Point3SecondFileIsTooShortAndTheWholeClipIsAnswered()
    {
        var path = SharedData.RavdessFiles().First(f => Path.GetFileName(f) == "03-01-05-02-01-01-07.flac");
        var whole = Default.Value.Classify(path);
        Assert.True(whole.HasSpeech, whole.ToString());
        Assert.NotEqual(1f / 7, whole.Confidence);

        // A 0.3 s cut from the middle of the speech, as samples and as a file (the file path skips the spec's offset first).
        var clip = AudioLoader.Load(path, new AudioLoadOptions { SampleRate = Rate }).Samples;
        var cut = clip.AsSpan((int)(1.2 * Rate), (int)(0.3 * Rate)).ToArray();
        Assert.Equal(SpeechStatus.TooShort, Default.Value.Classify(cut, Rate).SpeechStatus);
        var dir = SharedData.NewTempDirectory("short-clip");
        try
        {
            var pcm = cut.Select(v => (short)Math.Round(v * 32767)).ToArray();
            var file = Path.Combine(dir, "short.wav");
            WavWriter.WritePcm16(file, pcm, Rate, 1);
            Assert.False(Default.Value.Classify(file).HasSpeech);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void SpeechAfterTheCutDoesNotCount()
    {
        // Samples are taken as the clip and cut to the spec's duration (10 s for the default model): silence past the cut and then
        // speech is silence to the model.
        var path = SharedData.RavdessFiles().First(f => Path.GetFileName(f) == "03-01-05-02-01-01-07.flac");
        var speech = AudioLoader.Load(path, new AudioLoadOptions { SampleRate = Rate }).Samples;
        float[] late = [.. new float[(int)((Default.Value.FeatureSpec.DurationSeconds + 0.5) * Rate)], .. speech];
        Assert.True(Default.Value.Classify(speech, Rate).HasSpeech);
        Assert.Equal(SpeechStatus.NoSpeech, Default.Value.Classify(late, Rate).SpeechStatus);
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheDefaultModelAnswersNearlyEveryRavdessClip()
    {
        var files = SharedData.RavdessFiles();
        var predictions = Default.Value.ClassifyBatch(files);
        var flagged = files.Zip(predictions).Where(p => !p.Second.HasSpeech).Select(p => $"{Path.GetFileName(p.First)}: {p.Second.SpeechActivity}").ToList();
        Assert.True(flagged.Count <= files.Count / 100, $"{flagged.Count} of {files.Count} flagged:\n{string.Join("\n", flagged)}");
    }
}
