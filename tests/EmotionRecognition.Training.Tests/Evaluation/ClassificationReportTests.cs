using System.Text.Json;
using EmotionRecognition.Evaluation;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Evaluation;

public class ClassificationReportTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    // Worked by hand: truth a,a,a,a,b,b,c ; predicted a,a,b,c,b,b,b.
    private static ClassificationReport Example() =>
        ClassificationReport.Compute([0, 0, 0, 0, 1, 1, 2], [0, 0, 1, 2, 1, 1, 1], Labels);

    [Fact]
    public void MetricsMatchHandComputation()
    {
        var r = Example();
        Assert.Equal(4.0 / 7, r.Accuracy, 12);                 // 2 + 2 + 0 correct
        Assert.Equal((0.5 + 1.0 + 0.0) / 3, r.BalancedAccuracy, 12);
        Assert.Equal(1.0, r.PerClass[0].Precision, 12);
        Assert.Equal(0.5, r.PerClass[1].Precision, 12);          // 2 of 4 predicted b are b
        Assert.Equal(2 * 0.5 * 1.0 / 1.5, r.PerClass[1].F1, 12);
        Assert.Equal(0, r.PerClass[2].F1);
        Assert.Equal((2 * 1.0 * 0.5 / 1.5 + 2 * 0.5 / 1.5) / 3, r.MacroF1, 12);
        Assert.Equal(new[] { 2, 1, 1 }, r.ConfusionMatrix[0]);
        Assert.Equal(new[] { 0, 1, 0 }, r.ConfusionMatrix[2]);
    }

    [Fact]
    public void PoolingAddsConfusionMatrices()
    {
        var pooled = ClassificationReport.Pool([Example(), ClassificationReport.Compute([2, 2], [2, 0], Labels)]);
        Assert.Equal(9, pooled.Count);
        Assert.Equal(new[] { 1, 1, 1 }, pooled.ConfusionMatrix[2]);
        Assert.Equal(5.0 / 9, pooled.Accuracy, 12);
    }

    [Fact]
    public void TextJsonAndPngCarryTheNumbers()
    {
        var r = Example();
        Assert.Contains("accuracy (WA)     0.571 of 7", r.ToText());
        using var json = JsonDocument.Parse(r.ToJson());
        Assert.Equal(4.0 / 7, json.RootElement.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(3, json.RootElement.GetProperty("perClass").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("confusionMatrix")[0][0].GetInt32());

        var png = Path.Combine(SharedData.NewTempDirectory("report"), "confusion.png");
        r.SaveConfusionMatrixPng(png);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.True(bytes.Length > 5000, "a rendered heat map with labels is more than a few kilobytes");
    }

    [Fact]
    public void ConfusionPngDrawsEveryCellWholeAndTheSameSize()
    {
        // A perfect 3-class report: the diagonal cells are the darkest blue, the rest white.
        var perfect = ClassificationReport.Compute([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2], Labels);
        var png = Path.Combine(SharedData.NewTempDirectory("report"), "confusion.png");
        perfect.SaveConfusionMatrixPng(png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        // Each scan line's first dark run from the left, keyed by where it starts (the colour bar's dark top end lies to the right
        // of the first cell's rows, so it is never a first run).
        var runs = new Dictionary<int, (int Longest, int Rows)>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            var x = 0;
            var limit = bitmap.Width;
            while (x < limit && !IsDarkest(bitmap.GetPixel(x, y))) x++;
            if (x == limit) continue;
            var start = x;
            while (x < limit && IsDarkest(bitmap.GetPixel(x, y))) x++;
            var key = runs.Keys.FirstOrDefault(k => Math.Abs(k - start) <= 2, -1);
            if (key < 0) key = start;
            var (longest, rows) = runs.GetValueOrDefault(key);
            runs[key] = (Math.Max(longest, x - start), rows + 1);
        }
        var cells = runs.Where(r => r.Value.Rows > 5).OrderBy(r => r.Key).Select(r => r.Value).ToArray();
        Assert.Equal(3, cells.Length);
        Assert.True(cells.Max(c => c.Longest) - cells.Min(c => c.Longest) <= 3, $"cell widths {string.Join(", ", cells.Select(c => c.Longest))}");
        Assert.True(cells.Max(c => c.Rows) - cells.Min(c => c.Rows) <= 3, $"cell heights {string.Join(", ", cells.Select(c => c.Rows))}");
    }

    private static bool IsDarkest(SkiaSharp.SKColor c) => Math.Abs(c.Red - 8) <= 6 && Math.Abs(c.Green - 48) <= 6 && Math.Abs(c.Blue - 107) <= 6;

    [Fact]
    public void MismatchedInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute([0, 1], [0], Labels));
        Assert.Throws<ArgumentException>(() => ClassificationReport.Compute([0, 3], [0, 1], Labels));
    }
}
