using EmotionRecognition.IO;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmotionRecognition.Evaluation;

/// <summary>Precision, recall, F1 and support of one class.</summary>
/// <param name="Label">The class label.</param>
/// <param name="Precision">Of the clips predicted as this class, the share that truly are.</param>
/// <param name="Recall">Of the clips of this class, the share predicted as it.</param>
/// <param name="F1">The harmonic mean of precision and recall.</param>
/// <param name="Support">How many clips of this class were tested.</param>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>
/// How well predictions match the truth: weighted accuracy (WA), unweighted (balanced) accuracy (UA), macro-F1, per-class metrics
/// (the original project's classification report) and the confusion matrix, as text, JSON and PNG.
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> labels, int[][] confusion)
    {
        Labels = labels;
        ConfusionMatrix = confusion;
        var total = confusion.Sum(r => r.Sum());
        var perClass = new List<ClassMetrics>(labels.Count);
        for (var c = 0; c < labels.Count; c++)
        {
            var truePositive = confusion[c][c];
            var support = confusion[c].Sum();
            var predicted = confusion.Sum(r => r[c]);
            var precision = predicted == 0 ? 0 : (double)truePositive / predicted;
            var recall = support == 0 ? 0 : (double)truePositive / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.Add(new ClassMetrics(labels[c], precision, recall, f1, support));
        }
        PerClass = perClass;
        Count = total;
        Accuracy = total == 0 ? 0 : (double)Enumerable.Range(0, labels.Count).Sum(c => confusion[c][c]) / total;
        var present = perClass.Where(m => m.Support > 0).ToList();
        BalancedAccuracy = present.Count == 0 ? 0 : present.Average(m => m.Recall);
        MacroF1 = present.Count == 0 ? 0 : present.Average(m => m.F1);
    }

    /// <summary>The most probable class of each row of a row-major probability matrix.</summary>
    internal static int[] ArgMax(ReadOnlySpan<float> probabilities, int classes)
    {
        var predicted = new int[probabilities.Length / classes];
        for (var r = 0; r < predicted.Length; r++)
            predicted[r] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities.Slice(r * classes, classes));
        return predicted;
    }

    /// <summary>Compares predicted with true class indices.</summary>
    /// <param name="truth">The true class of each clip.</param>
    /// <param name="predicted">The predicted class of each clip.</param>
    /// <param name="labels">The label of each class index.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold an index outside the labels.</exception>
    public static ClassificationReport Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        var confusion = Enumerable.Range(0, labels.Count).Select(_ => new int[labels.Count]).ToArray();
        for (var i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= labels.Count || (uint)predicted[i] >= labels.Count)
                throw new ArgumentException($"Row {i}: class index outside 0..{labels.Count - 1}.", nameof(truth));
            confusion[truth[i]][predicted[i]]++;
        }
        return new ClassificationReport(labels, confusion);
    }

    /// <summary>Pools several reports (e.g. the folds of a cross-validation) into one by adding their confusion matrices.</summary>
    /// <param name="reports">Reports over the same labels.</param>
    public static ClassificationReport Pool(IReadOnlyList<ClassificationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0) throw new ArgumentException("Nothing to pool.", nameof(reports));
        var labels = reports[0].Labels;
        if (reports.Any(r => !r.Labels.SequenceEqual(labels)))
            throw new ArgumentException("Reports have different labels.", nameof(reports));
        var sum = labels.Select((_, r) => labels.Select((_, c) => reports.Sum(rep => rep.ConfusionMatrix[r][c])).ToArray()).ToArray();
        return new ClassificationReport(labels, sum);
    }

    /// <summary>The class labels, in class-index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Counts: row = true class, column = predicted class.</summary>
    public int[][] ConfusionMatrix { get; }

    /// <summary>How many clips were tested.</summary>
    public int Count { get; }

    /// <summary>Weighted accuracy (WA): the share of clips classified correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted accuracy (UA, balanced accuracy): the mean recall over classes present in the truth.</summary>
    public double BalancedAccuracy { get; }

    /// <summary>The mean F1 over classes present in the truth.</summary>
    public double MacroF1 { get; }

    /// <summary>Precision, recall, F1 and support per class.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>The report as text: per-class table, summary lines and the confusion matrix.</summary>
    public string ToText()
    {
        var width = Math.Max(8, Labels.Max(l => l.Length) + 1);
        var sb = new StringBuilder();
        sb.Append("".PadLeft(width)).Append(" precision    recall  f1-score   support\n");
        foreach (var m in PerClass)
            sb.Append(CultureInfo.InvariantCulture, $"{m.Label.PadLeft(width)} {m.Precision,9:F3} {m.Recall,9:F3} {m.F1,9:F3} {m.Support,9}\n");
        sb.Append(CultureInfo.InvariantCulture, $"\n{"accuracy (WA)".PadLeft(width)} {Accuracy,9:F3} of {Count}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"balanced (UA)".PadLeft(width)} {BalancedAccuracy,9:F3}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"macro F1".PadLeft(width)} {MacroF1,9:F3}\n\n");
        sb.Append("confusion (rows: truth, columns: predicted)\n").Append("".PadLeft(width));
        foreach (var l in Labels) sb.Append(' ').Append(Abbreviate(l).PadLeft(5));
        sb.Append('\n');
        for (var r = 0; r < Labels.Count; r++)
        {
            sb.Append(Labels[r].PadLeft(width));
            foreach (var v in ConfusionMatrix[r]) sb.Append(' ').Append(v.ToString(CultureInfo.InvariantCulture).PadLeft(5));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The report as indented JSON (camelCase names).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        count = Count,
        accuracy = Accuracy,
        balancedAccuracy = BalancedAccuracy,
        macroF1 = MacroF1,
        labels = Labels,
        perClass = PerClass,
        confusionMatrix = ConfusionMatrix,
    }, JsonOptions);

    /// <summary>
    /// Reads a report written by <see cref="ToJson"/> back: its labels and confusion matrix, from which every other number is
    /// recomputed, so a saved report can be redrawn (<see cref="SaveConfusionMatrixPng"/>) without the model or the audio.
    /// </summary>
    /// <param name="json">A <c>report.json</c>.</param>
    /// <exception cref="FormatException">The JSON has no labels or no square confusion matrix of non-negative counts.</exception>
    public static ClassificationReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var saved = ReadSaved(json);
        var labels = saved?.Labels ?? [];
        var matrix = saved?.ConfusionMatrix ?? [];
        if (labels.Length == 0 || matrix.Length != labels.Length || matrix.Any(row => row.Length != labels.Length || row.Any(n => n < 0)))
            throw new FormatException("A report needs its labels and a square confusion matrix of counts with one row per label.");
        var pairs = from truth in Enumerable.Range(0, labels.Length)
                    from predicted in Enumerable.Range(0, labels.Length)
                    from _ in Enumerable.Range(0, matrix[truth][predicted])
                    select (truth, predicted);
        var all = pairs.ToArray();
        return Compute(all.Select(p => p.truth).ToArray(), all.Select(p => p.predicted).ToArray(), labels);
    }

    private sealed record SavedReport(string[]? Labels, int[][]? ConfusionMatrix);

    private static SavedReport? ReadSaved(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SavedReport>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The report is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Draws the confusion matrix (row-normalised colours, counts written in each cell) as a PNG.</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="title">The plot's title.</param>
    public void SaveConfusionMatrixPng(string path, string title = "Confusion matrix") => ConfusionMatrixPlot.Save(this, path, title);

    /// <summary>Writes <c>report.txt</c>, <c>report.json</c> and <c>confusion.png</c> into a folder (created if needed).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="title">The confusion plot's title.</param>
    public void SaveReport(string folder, string title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "report.txt"), ToText());
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), ToJson());
        SaveConfusionMatrixPng(Path.Combine(folder, "confusion.png"), title);
    }

    private static string Abbreviate(string label) => label.Length <= 5 ? label : label[..5];

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
