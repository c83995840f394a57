using System.Runtime.InteropServices;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Simd;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Benchmarks.Features;

/// <summary>
/// <c>check-widths [reference.bin]</c>: the seed vectors and utterance frames of 24 RAVDESS clips at this process's
/// widest width, compared with every narrower width forced in the same process and, across processes, with a saved
/// reference (written when the file does not exist). Run it once per DOTNET_EnableAVX512 / AVX2 / AVX setting.
/// </summary>
internal static class WidthCheck
{
    private const int Clips = 24;

    public static void Run(string? referencePath)
    {
        Console.WriteLine($"widest: {SimdWidth.Widest}; supported: {string.Join(", ", SimdWidth.Supported)}");
        var features = Compute(SimdWidth.Widest);
        foreach (var width in SimdWidth.Supported.Where(w => w != SimdWidth.Widest))
            Console.WriteLine($"{width,-8} vs {SimdWidth.Widest}: max |Δ| / max |x| = {RelativeDifference(Compute(width), features):E2}");
        if (referencePath is null) return;
        if (!File.Exists(referencePath))
        {
            File.WriteAllBytes(referencePath, MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
            Console.WriteLine($"reference written: {referencePath} ({features.Length} values)");
            return;
        }
        var reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(referencePath)).ToArray();
        Console.WriteLine($"{SimdWidth.Widest,-8} vs {referencePath}: max |Δ| / max |x| = {RelativeDifference(features, reference):E2}, " +
            $"bit-identical: {features.AsSpan().SequenceEqual(reference)}");
    }

    // Seed vectors then utterance frames of every clip, one array.
    private static float[] Compute(VectorWidth width)
    {
        using var forced = SimdWidth.Force(width);
        var seed = new FeatureExtractor(FeatureSpec.Seed);
        var utterance = new FeatureExtractor(FeatureSpec.Utterance);
        var values = new List<float>();
        foreach (var file in SharedData.RavdessFiles().Take(Clips))
        {
            values.AddRange(seed.ExtractVector(AudioLoader.Load(file, FeatureSpec.Seed.ToLoadOptions()).Samples));
            values.AddRange(utterance.ExtractUtterance(AudioLoader.Load(file, new AudioLoadOptions { SampleRate = FeatureSpec.Utterance.SampleRate }).Samples));
        }
        return [.. values];
    }

    private static double RelativeDifference(float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
            throw new InvalidOperationException($"{actual.Length} values against {expected.Length}.");
        var largest = 0.0;
        var difference = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(expected[i]));
            difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
        }
        return difference / largest;
    }
}
