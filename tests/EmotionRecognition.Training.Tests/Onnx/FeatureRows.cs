using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Onnx;

/// <summary>Real feature rows: librosa's 2,376-value rows from the shared fixtures, standardised per column.</summary>
internal static class FeatureRows
{
    private static readonly Lazy<float[][]> Standardised = new(Load);

    /// <summary>How many rows there are.</summary>
    public static int Count => Standardised.Value.Length;

    /// <summary><paramref name="count"/> rows from <paramref name="first"/> on, concatenated row after row.</summary>
    public static float[] Take(int first, int count) =>
        Standardised.Value.Skip(first).Take(count).SelectMany(r => r).ToArray();

    private static float[][] Load()
    {
        // Every full-length row the fixtures hold: originals and their augmentations, speech and synthetic inputs.
        var rows = SharedData.FixtureNames()
            .SelectMany(name => Directory.GetFiles(SharedData.Fixture(name), "*features.npy").Order(StringComparer.Ordinal))
            .Select(Npy.Read)
            .Where(a => a.Data.Length == TestModels.FeatureLength)
            .Select(a => a.Data)
            .ToArray();
        // Columns span very different scales (MFCC 0 in the hundreds, ZCR below 1), as the trainer's scaler sees them.
        var length = TestModels.FeatureLength;
        var mean = new double[length];
        var std = new double[length];
        for (var c = 0; c < length; c++)
        {
            mean[c] = rows.Average(r => r[c]);
            std[c] = Math.Sqrt(rows.Average(r => (r[c] - mean[c]) * (r[c] - mean[c])));
        }
        return rows
            .Select(r => r.Select((v, c) => (float)(std[c] > 1e-12 ? (v - mean[c]) / std[c] : 0)).ToArray())
            .ToArray();
    }
}
