using EmotionRecognition.Audio;
using EmotionRecognition.FeatureCheck;
using EmotionRecognition.Features;
using EmotionRecognition.Simd;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>
/// <c>check-widths [reference.bin]</c>: the seed vectors and utterance frames of 24 RAVDESS clips at this process's
/// widest width, compared with every narrower width forced in the same process and, across processes, with a saved
/// reference (written when the file does not exist), then the thread CPU time of each width. Run it once per DOTNET_EnableAVX512 / AVX2 / AVX setting.
/// </summary>
internal static class WidthCheck
{
    private const int Rounds = 15;
    private const int CallsPerRound = 40;

    public static void Run(string? referencePath)
    {
        Console.WriteLine($"widest: {SimdWidth.Widest}; supported: {string.Join(", ", SimdWidth.Supported)}");
        var features = Compute(SimdWidth.Widest);
        foreach (var width in SimdWidth.Supported.Where(w => w != SimdWidth.Widest))
            Console.WriteLine($"{width,-8} vs {SimdWidth.Widest}: max |Δ| / max |x| = {FeatureDump.RelativeDifference(Compute(width), features):E2}");
        if (ThreadCpuClock.IsAvailable)
        {
            foreach (var width in SimdWidth.Supported)
                Console.WriteLine(CpuTimes(width));
        }
        if (referencePath is not null)
            Console.WriteLine(FeatureDump.WriteOrCompare(features, referencePath, $"{SimdWidth.Widest,-8}").Line);
    }

    private static float[] Compute(VectorWidth width)
    {
        using var forced = SimdWidth.Force(width);
        return FeatureDump.Compute();
    }

    // Median thread CPU time per call over rounds of calls, after a warm-up: seed vector (2.5 s at 22,050 Hz) and utterance
    // frames (3.5 s at 16 kHz) of the first clip.
    private static string CpuTimes(VectorWidth width)
    {
        using var forced = SimdWidth.Force(width);
        var file = SharedData.RavdessFiles()[0];
        var seed = new FeatureExtractor(FeatureSpec.Seed);
        var seedClip = AudioLoader.Load(file, FeatureSpec.Seed.ToLoadOptions()).Samples;
        var vector = new float[seed.VectorLength];
        var utterance = new FeatureExtractor(FeatureSpec.Utterance);
        var utteranceClip = AudioLoader.Load(file, new AudioLoadOptions { SampleRate = FeatureSpec.Utterance.SampleRate, Duration = 3.5 }).Samples;
        var frames = new float[utterance.VectorLength];
        var seedTime = MedianCpuTime(() => seed.ExtractVector(seedClip, vector));
        var utteranceTime = MedianCpuTime(() => utterance.ExtractFrames(utteranceClip, frames));
        return $"{width,-8} thread CPU time per call (median of {Rounds} x {CallsPerRound}): seed vector {seedTime.TotalMilliseconds:F3} ms, " +
            $"utterance frames {utteranceTime.TotalMilliseconds:F3} ms";
    }

    private static TimeSpan MedianCpuTime(Action call)
    {
        for (var i = 0; i < 2 * CallsPerRound; i++) call();
        var rounds = new TimeSpan[Rounds];
        for (var r = 0; r < Rounds; r++)
        {
            var start = ThreadCpuClock.Now();
            for (var i = 0; i < CallsPerRound; i++) call();
            rounds[r] = (ThreadCpuClock.Now() - start) / CallsPerRound;
        }
        Array.Sort(rounds);
        return rounds[Rounds / 2];
    }
}
