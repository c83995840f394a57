using System.Buffers.Binary;
using System.Globalization;
using EmotionRecognition.TestData;
using ScottPlot;

namespace EmotionRecognition.Training.Tests.Training;

public sealed class TrainingHistoryTests
{
    private static readonly Lazy<TrainingHistory> History = new(() =>
    {
        var blobs = new GaussianBlobs(classes: 7, TrainerTests.Width, separation: 0.3, seed: 9);
        var (train, validation) = (blobs.Sample(perClass: 10), blobs.Sample(perClass: 4));
        using var model = TrainerTests.Small(seed: 8);
        return new Trainer(new TrainerOptions { BatchSize = 16, MaxEpochs = 3 })
            .Train(model, train.Rows, train.Labels, validation.Rows, validation.Labels);
    });

    [Fact]
    public void CsvHoldsOneLinePerEpochWithTheRecordedValues()
    {
        var path = Path.Combine(SharedData.NewTempDirectory("history"), "history.csv");

        History.Value.SaveCsv(path);

        var lines = File.ReadAllLines(path);
        Assert.Equal("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,elapsed_seconds", lines[0]);
        Assert.Equal(History.Value.Epochs.Count + 1, lines.Length);
        foreach (var (line, epoch) in lines.Skip(1).Zip(History.Value.Epochs))
        {
            var cells = line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(
                [epoch.Epoch, epoch.TrainLoss, epoch.TrainAccuracy, epoch.ValidationLoss, epoch.ValidationAccuracy, epoch.LearningRate],
                cells[..6]);
            Assert.Equal(epoch.Elapsed.TotalSeconds, cells[6], 3);
        }
    }

    [Fact]
    public void PlotIsAPngOfTheRequestedSize()
    {
        var path = Path.Combine(SharedData.NewTempDirectory("history"), "history.png");

        History.Value.SavePlot(path, width: 900, height: 400);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        // Two plots with axes, labels and four curves compress to tens of kilobytes; a blank canvas to far less.
        Assert.InRange(bytes.Length, 10_000, 2_000_000);
    }

    [Fact]
    public void PlotLeavesTheEndOfEveryCurveVisible()
    {
        var path = Path.Combine(SharedData.NewTempDirectory("history"), "history.png");
        var multiplot = History.Value.Draw();

        multiplot.SavePng(path, 1200, 450);

        // Rendering placed each panel: its data-to-pixel mapping now locates every curve's last point in the image. Each must
        // show its curve's own colour (the marker drawn there) within a few pixels; a legend drawn over it shows its fill instead.
        using var bitmap = SkiaSharp.SKBitmap.Decode(path);
        var ends = 0;
        foreach (var plot in Enumerable.Range(0, 2).Select(multiplot.GetPlot))
        {
            foreach (var curve in plot.GetPlottables<ScottPlot.Plottables.Scatter>())
            {
                var end = plot.GetPixel(curve.Data.GetScatterPoints()[^1]);
                Assert.True(ShowsColourNear(bitmap, (int)Math.Round(end.X), (int)Math.Round(end.Y), curve.LineColor),
                    $"{plot.Axes.Title.Label.Text}: the end of the {curve.LegendText} curve at ({end.X:0}, {end.Y:0}) is hidden");
                ends++;
            }
        }
        Assert.Equal(4, ends);
    }

    private static bool ShowsColourNear(SkiaSharp.SKBitmap bitmap, int x, int y, ScottPlot.Color colour)
    {
        const int Radius = 3, Tolerance = 12;
        for (var dy = -Radius; dy <= Radius; dy++)
        {
            for (var dx = -Radius; dx <= Radius; dx++)
            {
                var (px, py) = (Math.Clamp(x + dx, 0, bitmap.Width - 1), Math.Clamp(y + dy, 0, bitmap.Height - 1));
                var p = bitmap.GetPixel(px, py);
                if (Math.Abs(p.Red - colour.R) <= Tolerance && Math.Abs(p.Green - colour.G) <= Tolerance && Math.Abs(p.Blue - colour.B) <= Tolerance)
                    return true;
            }
        }
        return false;
    }
}
