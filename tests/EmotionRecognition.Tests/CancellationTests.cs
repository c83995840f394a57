using System.Runtime.CompilerServices;
using EmotionRecognition.Audio;
using EmotionRecognition.Inference;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

/// <summary>Async streams of segments and live results, and cancellation that reaches decoding and ONNX Runtime.</summary>
public sealed class CancellationTests : IDisposable
{
    private static readonly Lazy<EmotionClassifier> Default = new(() => EmotionClassifier.LoadDefault());
    private readonly string _directory = SharedData.NewTempDirectory("cancel");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A long recording made of real RAVDESS sentences back to back, at 22,050 Hz.</summary>
    private string LongRecording(int seconds)
    {
        var clips = SharedData.RavdessFiles().Where((_, i) => i % 7 == 0)
            .Select(f => AudioLoader.Load(f, new AudioLoadOptions { SampleRate = 22050 }).Samples);
        var samples = clips.SelectMany(c => c).Take(seconds * 22050).Select(v => (short)(v * 32767)).ToArray();
        var path = Path.Combine(_directory, $"long-{seconds}.wav");
        WavWriter.WritePcm16(path, samples, 22050, 1);
        return path;
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task SegmentsAsyncGivesTheSegmentsOfTheSynchronousRun()
    {
        var path = LongRecording(20);
        var expected = Default.Value.ClassifySegments(path).ToArray();
        var actual = new List<EmotionSegment>();
        await foreach (var segment in Default.Value.ClassifySegmentsAsync(path))
            actual.Add(segment);
        Assert.True(expected.Length > 10);
        Assert.Equal(expected.Select(s => (s.Start, s.End)), actual.Select(s => (s.Start, s.End)));
        Assert.Equal(expected.Select(s => s.Prediction.Probabilities), actual.Select(s => s.Prediction.Probabilities));
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task ALongSegmentsRunStopsSoonAfterCancel()
    {
        // Ten minutes of speech: about 400 windows, several seconds of work even on a fast machine.
        var path = LongRecording(600);
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Default.Value.ClassifySegmentsAsync(path, cancellationToken: cancel.Token))
            {
                if (++seen == 5) cancel.Cancel();
            }
        });

        // Cancellation is checked between decoded blocks and terminates a running model call, so at most the window already in
        // flight completes. Promptness is counted in windows, not milliseconds, so a loaded machine cannot make this flake.
        Assert.InRange(seen, 5, 6);
    }

    [RequiresFact(Requirement.SharedData)]
    public void CancellingTerminatesAModelRunInProgress()
    {
        // One utterance of 40,000 frames (400 s of audio) keeps ONNX Runtime busy for far longer than the 20 ms wait.
        var model = Default.Value.Model;
        using var scorer = new OnnxScorer(model);
        var features = new float[40_000 * scorer.FrameWidth];
        for (var i = 0; i < features.Length; i++) features[i] = MathF.Sin(i * 0.37f);
        var probabilities = new float[EmotionLabels.Count];
        OperationCanceledException? e = null;
        // The cancel comes from a thread of its own: a timer needs the thread pool, which the tests running beside this one can keep
        // busy past the whole run. Should the run still finish first on a loaded machine, the try proves nothing: try again.
        for (var attempt = 0; attempt < 5 && e is null; attempt++)
        {
            using var cancel = new CancellationTokenSource();
            var canceller = new Thread(() => { Thread.Sleep(20); cancel.Cancel(); }) { IsBackground = true };
            canceller.Start();
            try
            {
                scorer.RunFrames(features, probabilities, cancel.Token);
            }
            catch (OperationCanceledException caught)
            {
                e = caught;
            }
            canceller.Join();
        }

        Assert.NotNull(e);

        // ONNX Runtime itself stopped the run part-way (it reports the terminate flag), rather than a check before it started
        // or after it finished: that, not a wall-clock bound, is what shows the cancel reached the running graph.
        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(e.InnerException);
        // The scorer is not damaged: an uncancelled run on a normal utterance still works.
        scorer.RunFrames(features.AsSpan(0, 300 * scorer.FrameWidth), probabilities);
        Assert.Equal(1f, probabilities.Sum(), 1e-3);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task LiveAudioGivesTheSegmentsOfTheRecording()
    {
        var path = LongRecording(15);
        var clip = AudioLoader.Load(path, new AudioLoadOptions { SampleRate = null });
        var expected = Default.Value.ClassifySegments(path).ToArray();
        var actual = new List<EmotionSegment>();
        await foreach (var segment in Default.Value.ClassifyLiveAsync(Chunks(clip.Samples, 3_000), clip.SampleRate))
            actual.Add(segment);
        Assert.Equal(expected.Select(s => (s.Start, s.End)), actual.Select(s => (s.Start, s.End)));
        Assert.Equal(expected.Select(s => s.Prediction.Emotion), actual.Select(s => s.Prediction.Emotion));
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task CancellingLiveAudioStopsReadingIt()
    {
        var clip = AudioLoader.Load(LongRecording(15), new AudioLoadOptions { SampleRate = null });
        using var cancel = new CancellationTokenSource();
        var chunks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Default.Value.ClassifyLiveAsync(Counted(Chunks(clip.Samples, 3_000), () => chunks++), clip.SampleRate,
                cancellationToken: cancel.Token))
                cancel.Cancel();
        });
        Assert.InRange(chunks, 1, clip.Samples.Length / 3_000 / 2);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Chunks(float[] samples, int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var start = 0; start < samples.Length; start += size)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return samples.AsMemory(start, Math.Min(size, samples.Length - start));
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Counted(IAsyncEnumerable<ReadOnlyMemory<float>> chunks, Action onChunk,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            onChunk();
            yield return chunk;
        }
    }
}
