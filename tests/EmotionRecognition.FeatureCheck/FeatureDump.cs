using System.Runtime.InteropServices;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.FeatureCheck;

/// <summary>The seed vectors and utterance frames of the first RAVDESS clips as one array, and its comparison with a saved one.</summary>
public static class FeatureDump
{
    /// <summary>Clips used by default: enough to cover every emotion and both sexes, few enough for an emulated CPU.</summary>
    public const int DefaultClips = 24;

    /// <summary>Seed vectors then utterance frames of each of the first <paramref name="clips"/> RAVDESS clips, in one array.</summary>
    /// <param name="clips">How many clips, in the order of <see cref="SharedData.RavdessFiles"/>.</param>
    public static float[] Compute(int clips = DefaultClips)
    {
        var seed = new FeatureExtractor(FeatureSpec.Seed);
        var utterance = new FeatureExtractor(FeatureSpec.Utterance);
        var values = new List<float>();
        foreach (var file in SharedData.RavdessFiles().Take(clips))
        {
            values.AddRange(seed.ExtractVector(AudioLoader.Load(file, FeatureSpec.Seed.ToLoadOptions()).Samples));
            values.AddRange(utterance.ExtractUtterance(AudioLoader.Load(file, new AudioLoadOptions { SampleRate = FeatureSpec.Utterance.SampleRate }).Samples));
        }
        return [.. values];
    }

    /// <summary>The largest absolute difference divided by the largest absolute expected value.</summary>
    /// <param name="actual">The values to judge.</param>
    /// <param name="expected">The reference, as long as <paramref name="actual"/>.</param>
    public static double RelativeDifference(float[] actual, float[] expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
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

    /// <summary>
    /// Writes <paramref name="features"/> to <paramref name="referencePath"/> when no file is there; otherwise compares them with the
    /// file's. Returns the line to print and the relative difference (0 when the reference was written).
    /// </summary>
    /// <param name="features">What <see cref="Compute"/> returned.</param>
    /// <param name="referencePath">The reference file (raw little-endian float32).</param>
    /// <param name="label">What the features came from, for the line.</param>
    public static (string Line, double Difference) WriteOrCompare(float[] features, string referencePath, string label)
    {
        if (!File.Exists(referencePath))
        {
            File.WriteAllBytes(referencePath, MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
            return ($"reference written: {referencePath} ({features.Length} values)", 0);
        }
        var reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(referencePath)).ToArray();
        var difference = RelativeDifference(features, reference);
        return ($"{label} vs {referencePath}: max |Δ| / max |x| = {difference:E2}, bit-identical: {features.AsSpan().SequenceEqual(reference)}",
            difference);
    }
}
