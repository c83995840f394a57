using EmotionRecognition.Audio;
using EmotionRecognition.Fuzz;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>
/// One classifier under many threads, its disposal (also while other threads are classifying), and cancellation of batches and
/// segments, asserted on counts rather than on time.
/// </summary>
[Collection(TestModelCollection.Name)]
public class ConcurrencyAndLifetimeTests(TestModel model)
{
    [Fact]
    public void EightThreadsTimesAThousandCallsEqualTheSingleThreadedResults()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var files = SharedData.RavdessFiles().Where((_, i) => i % 75 == 0).ToArray(); // 16 clips, one per actor pair

        var report = ConcurrencyRun.Run(classifier, files, threads: 8, callsPerThread: 1000);

        Assert.True(report.Mismatches == 0, report.ToString());
        Assert.Equal(8000, report.Calls);
        Assert.Equal(800, report.PathCalls);
    }

    [Fact]
    public void DisposingWhileOtherThreadsClassifyOnlyEverGivesObjectDisposedException()
    {
        var classifier = EmotionClassifier.Load(model.Path);
        var clip = AudioLoader.Load(model.TrainingFiles[0], classifier.FeatureSpec.ToLoadOptions()).Samples;
        var completed = 0;
        var unexpected = new List<Exception>();
        using var running = new CountdownEvent(4);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            running.Signal();
            try
            {
                while (true)
                {
                    Assert.Equal(1.0, classifier.Classify(clip, 22050).Probabilities.Sum(), 4);
                    Interlocked.Increment(ref completed);
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (Exception e)
            {
                lock (unexpected) unexpected.Add(e);
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        running.Wait();
        SpinWait.SpinUntil(() => Volatile.Read(ref completed) >= 20);
        classifier.Dispose(); // the native session goes when the last running inference leaves, not under it
        foreach (var thread in threads) Assert.True(thread.Join(TimeSpan.FromMinutes(1)));

        Assert.Empty(unexpected);
        Assert.Throws<ObjectDisposedException>(() => classifier.Classify(clip, 22050));
    }

    [Fact]
    public async Task EveryEntryPointRefusesWorkAfterDispose()
    {
        var classifier = EmotionClassifier.Load(model.Path);
        var stream = classifier.CreateLiveClassifier(22050);
        classifier.Dispose();
        var file = model.TrainingFiles[0];

        Assert.Throws<ObjectDisposedException>(() => classifier.ClassifyBatch([file]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => classifier.ClassifyAsync(file));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => classifier.ClassifyBatchAsync([file]));
        Assert.Throws<ObjectDisposedException>(() => classifier.ClassifySegments(file));
        using (var audio = File.OpenRead(file))
            Assert.Throws<ObjectDisposedException>(() => classifier.Classify(audio));
        // A stream created before disposal has nothing left to classify with.
        Assert.Throws<ObjectDisposedException>(() => stream.Write(new float[3 * 22050]));
    }

    [Fact]
    public void CancellingABatchStopsItWithoutStartingMoreFiles()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        using var cancel = new CancellationTokenSource();
        const int cancelAt = 5;
        var files = new CountingList(Enumerable.Repeat(model.TrainingFiles, 3).SelectMany(f => f).ToArray(), cancelAt, cancel);

        Assert.ThrowsAny<OperationCanceledException>(() => classifier.ClassifyBatchAsync(files, cancel.Token).GetAwaiter().GetResult());

        // The file whose read cancelled, plus at most the ones other cores had already started; none after.
        Assert.InRange(files.Reads, cancelAt + 1, cancelAt + Environment.ProcessorCount);
        Assert.True(files.Count > 2 * (cancelAt + Environment.ProcessorCount));
    }

    [Fact]
    public void CancellingSegmentsStopsTheEnumerationAtOnce()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var dir = SharedData.NewTempDirectory("cancel-segments");
        try
        {
            // 20 s of speech: 15 windows of 2.5 s every 1.25 s.
            var clips = model.TrainingFiles.Take(6).Select(f => AudioLoader.Load(f, new AudioLoadOptions { SampleRate = 22050 }).Samples);
            var samples = clips.SelectMany(c => c).Take(20 * 22050).Select(v => (short)(v * 32767)).ToArray();
            var path = Path.Combine(dir, "long.wav");
            WavWriter.WritePcm16(path, samples, 22050, 1);
            using var cancel = new CancellationTokenSource();
            var seen = 0;

            Assert.Throws<OperationCanceledException>(() =>
            {
                foreach (var _ in classifier.ClassifySegments(path, cancellationToken: cancel.Token))
                    if (++seen == 3) cancel.Cancel();
            });

            // Cancellation is checked per decoded block (0.19 s), which completes at most one more window.
            Assert.InRange(seen, 3, 4);
            Assert.True(classifier.ClassifySegments(path).Count() > 10);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A list of paths that counts reads and cancels on the read of item <c>cancelAt</c>.</summary>
    private sealed class CountingList(IReadOnlyList<string> items, int cancelAt, CancellationTokenSource cancel) : IReadOnlyList<string>
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public int Count => items.Count;

        public string this[int index]
        {
            get
            {
                if (Interlocked.Increment(ref _reads) == cancelAt + 1) cancel.Cancel();
                return items[index];
            }
        }

        public IEnumerator<string> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
