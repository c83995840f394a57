using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

[Collection(TestModelCollection.Name)]
public class SegmentTests(TestModel model)
{
    [Fact]
    public void SegmentsOfConcatenatedClipsLineUpWithEachClip()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var rate = classifier.FeatureSpec.SampleRate;
        // Three real clips, cut as the model expects, quantised to 16-bit as the WAV file will hold them.
        var clips = model.TrainingFiles.Where((_, i) => i % 7 == 0).Take(3)
            .Select(f => AudioLoader.Load(f, classifier.FeatureSpec.ToLoadOptions()).Samples
                .Select(s => (short)Math.Clamp(Math.Round(s * 32768), short.MinValue, short.MaxValue)).ToArray())
            .ToArray();
        var dir = SharedData.NewTempDirectory("segments");
        try
        {
            var path = Path.Combine(dir, "three.wav");
            WavWriter.WritePcm16(path, clips.SelectMany(c => c).ToArray(), rate, channels: 1);
            var window = TimeSpan.FromSeconds(classifier.FeatureSpec.DurationSeconds);
            var segments = classifier.ClassifySegments(path, window, window).ToArray();

            Assert.Equal(3, segments.Length);
            for (var i = 0; i < 3; i++)
            {
                var expected = classifier.Classify(clips[i].Select(s => s / 32768f).ToArray(), rate);
                Assert.Equal(expected.Probabilities, segments[i].Prediction.Probabilities);
                Assert.Equal(window * i, segments[i].Start);
                Assert.Equal(window * (i + 1), segments[i].End);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4096, 1)]
    [InlineData(20000, 2)]
    public void ChunkedPushesGiveTheSegmentsOfTheFile(int maxChunk, int seed)
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        // A 48 kHz original: the stream resamples block by block what Segments resamples from the decoder's blocks.
        var path = Directory.GetFiles(SharedData.Ravdess48k, "*.wav").Order(StringComparer.Ordinal).First();
        var window = TimeSpan.FromSeconds(1);
        var hop = TimeSpan.FromSeconds(0.4);
        var expected = classifier.ClassifySegments(path, window, hop).ToArray();
        var audio = AudioLoader.Load(path, new AudioLoadOptions { SampleRate = null });
        Assert.Equal(48000, audio.SampleRate);
        Assert.True(expected.Length >= 5);

        var floats = Push(classifier.CreateLiveClassifier(48000, window, hop), audio.Samples, maxChunk, seed,
            (stream, chunk) => stream.Write(chunk));
        var shorts = Push(classifier.CreateLiveClassifier(48000, window, hop), audio.Samples.Select(s => (short)(s * 32768)).ToArray(), maxChunk, seed,
            (stream, chunk) => stream.Write(chunk));

        foreach (var pushed in new[] { floats, shorts })
        {
            Assert.Equal(expected.Select(s => (s.Start, s.End)), pushed.Select(s => (s.Start, s.End)));
            Assert.Equal(expected.Select(s => s.Prediction.Probabilities), pushed.Select(s => s.Prediction.Probabilities));
        }
    }

    private delegate IReadOnlyList<EmotionSegment> Writer<T>(LiveClassifier stream, ReadOnlySpan<T> chunk);

    private static List<EmotionSegment> Push<T>(LiveClassifier stream, T[] samples, int maxChunk, int seed, Writer<T> write)
    {
        var raised = new List<EmotionSegment>();
        stream.SegmentReady += (_, segment) => raised.Add(segment);
        var returned = new List<EmotionSegment>();
        var random = new Random(seed);
        for (var at = 0; at < samples.Length;)
        {
            var length = Math.Min(samples.Length - at, maxChunk == 1 ? 1 + random.Next(3) : 1 + random.Next(maxChunk));
            returned.AddRange(write(stream, samples.AsSpan(at, length)));
            at += length;
        }
        returned.AddRange(stream.Complete());
        Assert.Equal(returned, raised);
        Assert.Throws<InvalidOperationException>(() => stream.Write(new float[1]));
        return returned;
    }

    [Fact]
    public void ShortAudioGivesOneShortSegmentAndWindowsMayLeaveGaps()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var clip = AudioLoader.Load(model.TrainingFiles[0], classifier.FeatureSpec.ToLoadOptions());
        // 1.5 s of audio in a 2.5 s window (the most this model reads; longer windows are refused).
        var start = clip.Samples.AsSpan(0, 3 * clip.SampleRate / 2);
        var stream = classifier.CreateLiveClassifier(clip.SampleRate, TimeSpan.FromSeconds(2.5));
        Assert.Empty(stream.Write(start));
        var only = Assert.Single(stream.Complete());
        Assert.Equal(TimeSpan.Zero, only.Start);
        Assert.Equal(TimeSpan.FromSeconds(1.5), only.End);
        Assert.Equal(classifier.Classify(start, clip.SampleRate).Probabilities, only.Prediction.Probabilities);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => classifier.CreateLiveClassifier(clip.SampleRate, TimeSpan.FromSeconds(5)));
        Assert.Contains("reads at most 2.5 s", tooLong.Message);

        // Hop longer than the window: 0.5 s windows every 1 s over 2.5 s of audio.
        var gappy = classifier.CreateLiveClassifier(clip.SampleRate, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        var segments = gappy.Write(clip.Samples).Concat(gappy.Complete()).ToArray();
        Assert.Equal([0.0, 1.0, 2.0], segments.Select(s => s.Start.TotalSeconds));
        var third = clip.Samples.AsSpan(2 * clip.SampleRate, clip.SampleRate / 2);
        Assert.Equal(classifier.Classify(third, clip.SampleRate).Probabilities, segments[2].Prediction.Probabilities);
    }

    [Fact]
    public void SegmentsStopWhenCancelled()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => classifier.ClassifySegments(model.TrainingFiles[0], cancellationToken: cancel.Token).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => classifier.CreateLiveClassifier(16000, TimeSpan.Zero));
    }
}
