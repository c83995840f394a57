using EmotionRecognition.IO;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using static System.FormattableString;
using EmotionRecognition.Data;
using EmotionRecognition.Evaluation;

namespace EmotionRecognition.Training;

/// <summary>The write-ups of a <see cref="TrainingSession"/>: Markdown summary, metrics JSON, provenance and the report folder.</summary>
internal static class TrainingSummary
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    internal static string Markdown(IReadOnlyList<FoldResult> folds, ClassificationReport pooled, SplitProtocol split, TrainingSessionOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# Training summary").AppendLine();
        text.AppendLine(Invariant($"- split: `{Describe(split)}`, model: `{options.Model.ToString().ToLowerInvariant()}`, augmentation: `{Describe(options)}`, seed: {options.Seed}, max epochs: {options.Trainer.MaxEpochs}, monitor: {Describe(options.Trainer)}"));
        text.AppendLine(Invariant($"- weighted accuracy (WA): {MeanStd(folds, r => r.Accuracy)}"));
        text.AppendLine(Invariant($"- unweighted accuracy (UA): {MeanStd(folds, r => r.BalancedAccuracy)}"));
        text.AppendLine(Invariant($"- macro-F1: {MeanStd(folds, r => r.MacroF1)}")).AppendLine();
        text.AppendLine("| fold | train rows | validation rows | test rows | epochs (best) | WA | UA | macro-F1 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var f in folds)
            text.AppendLine(Invariant($"| {f.Index} | {f.TrainRows} | {f.ValidationRows} | {f.TestRows} | {f.History.Epochs.Count} ({f.History.BestEpoch}) | {f.Report.Accuracy:P1} | {f.Report.BalancedAccuracy:P1} | {f.Report.MacroF1:F3} |"));
        text.AppendLine().AppendLine("## Pooled over folds").AppendLine().AppendLine("```").Append(pooled.ToText()).AppendLine("```");
        return text.ToString();
    }

    internal static string Json(IReadOnlyList<FoldResult> folds, ClassificationReport pooled)
    {
        using var pooledJson = JsonDocument.Parse(pooled.ToJson());
        return JsonSerializer.Serialize(new
        {
            weightedAccuracy = MeanStdJson(folds, r => r.Accuracy),
            unweightedAccuracy = MeanStdJson(folds, r => r.BalancedAccuracy),
            macroF1 = MeanStdJson(folds, r => r.MacroF1),
            folds = folds.Select(f => new { fold = f.Index, weightedAccuracy = f.Report.Accuracy, unweightedAccuracy = f.Report.BalancedAccuracy, macroF1 = f.Report.MacroF1, testRows = f.TestRows }),
            pooled = pooledJson.RootElement,
        }, Indented);
    }

    internal static Dictionary<string, string> Provenance(IReadOnlyList<FoldResult> folds, SplitProtocol split, TrainingHistory final, TrainingSessionOptions options) => new()
    {
        ["corpus"] = string.Join(";", options.CorpusPaths),
        ["split"] = Describe(split),
        ["model"] = options.Model.ToString().ToLowerInvariant(),
        ["epochs"] = Invariant($"{final.Epochs.Count} (best {final.BestEpoch}, max {options.Trainer.MaxEpochs})"),
        ["monitor"] = Describe(options.Trainer),
        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        ["augmentation"] = Describe(options),
        ["libraryVersion"] = typeof(TrainingSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        ["trainedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["metrics"] = Invariant($"WA {MeanStd(folds, r => r.Accuracy)}, UA {MeanStd(folds, r => r.BalancedAccuracy)}, macro-F1 {MeanStd(folds, r => r.MacroF1)} over {folds.Count} fold(s)"),
    };

    /// <summary>Per fold: report text/JSON, confusion PNG, history CSV/PNG; at the top: pooled report, confusion PNG, summary.md.</summary>
    internal static void WriteReports(string directory, IReadOnlyList<FoldResult> folds, ClassificationReport pooled, string summary)
    {
        Directory.CreateDirectory(directory);
        foreach (var fold in folds)
        {
            var folder = Path.Combine(directory, $"fold-{fold.Index}");
            fold.Report.SaveReport(folder, $"Fold {fold.Index}");
            if (fold.History.Epochs.Count == 0) continue;
            fold.History.SaveCsv(Path.Combine(folder, "history.csv"));
            fold.History.SavePlot(Path.Combine(folder, "history.png"));
        }
        pooled.SaveReport(directory, folds.Count == 1 ? "Test speakers" : $"Pooled over {folds.Count} folds");
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.md"), summary);
    }

    internal static string Describe(SplitProtocol split) => split switch
    {
        SplitProtocol.SpeakerFolds f => Invariant($"speaker-folds:{f.K}"),
        SplitProtocol.Holdout h => "holdout:" + string.Join(",", h.TestSpeakers),
        SplitProtocol.SeedRandom r => Invariant($"seed-random:{r.TestFraction}"),
        _ => split.ToString(),
    };

    private static string Describe(TrainerOptions trainer) =>
        Invariant($"{(trainer.Monitor == TrainingMonitor.ValidationAccuracy ? "validation accuracy" : "validation loss")}, patience {trainer.EarlyStoppingPatience}");

    private static string Describe(TrainingSessionOptions options) =>
        string.Join("+", options.Augmentation.Copies.Select(c => c.ToString().ToLowerInvariant()));

    private static (double Mean, double Std) Stats(IReadOnlyList<FoldResult> folds, Func<ClassificationReport, double> metric) =>
        Stats(folds.Select(f => metric(f.Report)).ToArray());

    /// <summary>Mean and sample standard deviation of per-fold values.</summary>
    internal static (double Mean, double Std) Stats(double[] values)
    {
        var mean = values.Average();
        // Sample standard deviation: the folds are a sample of possible speaker divisions.
        var std = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, std);
    }

    private static object MeanStdJson(IReadOnlyList<FoldResult> folds, Func<ClassificationReport, double> metric)
    {
        var (mean, std) = Stats(folds, metric);
        return new { mean, std };
    }

    private static string MeanStd(IReadOnlyList<FoldResult> folds, Func<ClassificationReport, double> metric)
    {
        var (mean, std) = Stats(folds, metric);
        return Invariant($"{mean:F3} ± {std:F3}");
    }
}
