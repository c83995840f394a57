using EmotionRecognition.IO;
using System.Globalization;
using System.Text;
using ScottPlot;

namespace EmotionRecognition.Training;

/// <summary>The per-epoch record of one training run.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochMetrics> epochs, int bestEpoch, bool stoppedEarly)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>No training: the history of a model that was scored, not trained.</summary>
    internal static TrainingHistory None { get; } = new([], 0, false);

    /// <summary>One entry per completed epoch, in order.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; }

    /// <summary>The 1-based epoch whose weights the model holds after training (lowest validation loss, or training loss without validation data).</summary>
    public int BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the epoch limit.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Writes the epochs as CSV (invariant culture, one header line).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void SaveCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,elapsed_seconds\n");
        foreach (var e in Epochs)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{e.Epoch},{e.TrainLoss:R},{e.TrainAccuracy:R},{e.ValidationLoss:R},{e.ValidationAccuracy:R},{e.LearningRate:R},{e.Elapsed.TotalSeconds:F3}\n");
        }
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    /// <summary>Draws loss and accuracy against epoch, training and validation, side by side, as a PNG.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public void SavePlot(string path, int width = 1200, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        var multiplot = Draw();
        AtomicFile.Write(path, (string temp) => multiplot.SavePng(temp, width, height));
    }

    /// <summary>The two panels, loss then accuracy, ready to render.</summary>
    internal Multiplot Draw()
    {
        var epochs = Epochs.Select(e => (double)e.Epoch).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        DrawCurves(multiplot.GetPlot(0), "Loss", "cross-entropy", epochs, e => e.TrainLoss, e => e.ValidationLoss);
        DrawCurves(multiplot.GetPlot(1), "Accuracy", "accuracy", epochs, e => e.TrainAccuracy, e => e.ValidationAccuracy);
        return multiplot;
    }

    private void DrawCurves(Plot plot, string title, string yLabel, double[] epochs, Func<EpochMetrics, double> train, Func<EpochMetrics, double> validation)
    {
        plot.Add.Scatter(epochs, Epochs.Select(train).ToArray()).LegendText = "training";
        var validationValues = Epochs.Select(validation).ToArray();
        if (validationValues.Any(double.IsFinite))
            plot.Add.Scatter(epochs, validationValues).LegendText = "validation";
        if (BestEpoch > 0)
            plot.Add.VerticalLine(BestEpoch, pattern: LinePattern.Dashed).LegendText = "best epoch";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        // Below the axes, not inside them: a legend in the data area hides the end of whichever curve runs under it.
        plot.ShowLegend(Edge.Bottom);
    }
}
