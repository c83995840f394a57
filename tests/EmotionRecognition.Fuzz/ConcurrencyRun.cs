using System.Diagnostics;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Fuzz;

/// <summary>What a concurrency run did: calls made and how many differed from the single-threaded answer or failed.</summary>
public sealed record ConcurrencyReport(int Threads, int CallsPerThread, long PathCalls, long SampleCalls, int Mismatches, TimeSpan Elapsed, string? FirstError)
{
    public long Calls => PathCalls + SampleCalls;

    public override string ToString() =>
        $"{Threads} threads x {CallsPerThread:N0} calls = {Calls:N0} classifications ({PathCalls:N0} from files, {SampleCalls:N0} from samples) "
        + $"in {Elapsed.TotalSeconds:F1} s ({Calls / Elapsed.TotalSeconds:F0}/s); {Mismatches} differed from the single-threaded results"
        + (FirstError is null ? "" : $"; first error: {FirstError}");
}

/// <summary>
/// Many threads sharing one <see cref="EmotionClassifier"/>: every call's probabilities must equal, bit for bit, what one thread
/// got for the same clip. Clips are decoded once; every tenth call classifies the file itself (decoding concurrently too).
/// </summary>
public static class ConcurrencyRun
{
    public static ConcurrencyReport Run(EmotionClassifier classifier, IReadOnlyList<string> files, int threads, int callsPerThread)
    {
        var load = classifier.FeatureSpec.ToLoadOptions();
        var clips = files.Select(f => AudioLoader.Load(f, load).Samples).ToArray();
        var expected = files.Select(f => classifier.Classify(f).Probabilities.ToArray()).ToArray();
        var mismatches = 0;
        long pathCalls = 0;
        string? firstError = null;
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < callsPerThread; i++)
            {
                var clip = (t * 7 + i) % files.Count; // threads walk the clips in different orders, so different clips overlap
                try
                {
                    var byPath = i % 10 == 0;
                    var p = byPath ? classifier.Classify(files[clip]) : classifier.Classify(clips[clip], classifier.FeatureSpec.SampleRate);
                    if (byPath) Interlocked.Increment(ref pathCalls);
                    if (!p.Probabilities.SequenceEqual(expected[clip])) Interlocked.Increment(ref mismatches);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref mismatches);
                    Interlocked.CompareExchange(ref firstError, e.ToString(), null);
                }
            }
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers) worker.Join();
        var total = (long)threads * callsPerThread;
        return new ConcurrencyReport(threads, callsPerThread, pathCalls, total - pathCalls, mismatches, clock.Elapsed, firstError);
    }
}
