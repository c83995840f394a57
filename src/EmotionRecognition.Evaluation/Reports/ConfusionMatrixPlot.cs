using EmotionRecognition.IO;
using System.Globalization;
using ScottPlot;

namespace EmotionRecognition.Evaluation;

/// <summary>Renders a confusion matrix as a heat map with counts.</summary>
internal static class ConfusionMatrixPlot
{
    internal static void Save(ClassificationReport report, string path, string title)
    {
        var n = report.Labels.Count;
        // Row-normalised shares colour the cells so rare classes read as clearly as common ones.
        // The heat map draws its first data row at the top, which is where the first true class belongs.
        var shares = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            var support = Math.Max(1, report.ConfusionMatrix[r].Sum());
            for (var c = 0; c < n; c++) shares[r, c] = (double)report.ConfusionMatrix[r][c] / support;
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new WhiteToBlue();
        // The cells' outer edges, so cell (r, c) spans c ± 0.5 and its count sits in its middle. (Extent/Position name the
        // centres of the corner cells instead, which drew the first and last rows and columns half-size.)
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var text = plot.Add.Text(report.ConfusionMatrix[r][c].ToString(CultureInfo.InvariantCulture), c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
                text.LabelFontColor = shares[r, c] > 0.5 ? Colors.White : Colors.Black;
            }
        }
        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var names = report.Labels.ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Left.SetTicks(ticks, names.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"{title}: WA {report.Accuracy:P1}, UA {report.BalancedAccuracy:P1}, n = {report.Count}"));
        plot.Add.ColorBar(heatmap);
        AtomicFile.Write(path, (string temp) => plot.SavePng(temp, 120 * n + 160, 110 * n + 140));
    }

    // Zero is white so empty cells recede and the diagonal stands out.
    private sealed class WhiteToBlue : IColormap
    {
        public string Name => "white to blue";

        public Color GetColor(double normalizedIntensity)
        {
            var t = Math.Clamp(double.IsNaN(normalizedIntensity) ? 0 : normalizedIntensity, 0, 1);
            return new Color((byte)(255 - 247 * t), (byte)(255 - 207 * t), (byte)(255 - 148 * t));
        }
    }
}
