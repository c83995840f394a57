using System.Reflection;
using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

/// <summary>`emotion model`, `evaluate` with the default model, and the everyday tool's dependency graph.</summary>
public class ModelCommandTests
{
    private static string[] Actor20 => ["--data", Path.Combine(SharedData.Ravdess, "Actor_20")];

    [RequiresFact(Requirement.SharedData)]
    public void TheDefaultModelsCardShowsSpecClassesProvenanceAndMetrics()
    {
        using var classifier = EmotionClassifier.LoadDefault();
        var model = classifier.Model;

        var text = CliRunner.Run("model");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("classes: angry, disgust, fear, happy, neutral, sad, surprise", text.Output);
        Assert.Contains("input: 64 log-mel bands (0–7600 Hz) per 10 ms frame of the whole utterance, speech-trimmed, at most 10 s, at 16000 Hz", text.Output);
        Assert.Contains($"  recipe: {model.Provenance["recipe"]}", text.Output);
        Assert.Contains($"  corpus: {model.Provenance["corpus"]}", text.Output);
        // The shipped model records whom it heard: all 20 actors, eight of its ten members each.
        var speakers = model.Provenance["speakers"].Split(',');
        Assert.Equal(Enumerable.Range(1, 20).Select(a => $"ravdess:{a:00}"), speakers);
        Assert.Contains($"training speakers: 20 ({string.Join(", ", speakers)})", text.Output);
        // The card shows what the model recorded: its provenance line "WA … ± …, UA … ± … over 5 speaker folds", then macro-F1.
        var recorded = model.Provenance["metrics"].Split(" over ")[0];
        Assert.Matches(@"metrics: WA \d+\.\d % ± \d+\.\d %, UA \d+\.\d % ± \d+\.\d %, macro-F1 \d+\.\d % ± \d+\.\d % over 5 speaker-independent fold\(s\)", text.Output);
        Assert.Contains($"metrics: {recorded}, macro-F1 ", text.Output);

        var json = CliRunner.Run("model", "--json");
        Assert.Equal(0, json.ExitCode);
        using var card = JsonDocument.Parse(json.Output);
        Assert.Equal(model.Labels, card.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(16000, card.RootElement.GetProperty("featureSpec").GetProperty("sampleRate").GetInt32());
        Assert.Equal(model.Provenance["split"], card.RootElement.GetProperty("provenance").GetProperty("split").GetString());
        using var stored = JsonDocument.Parse(model.MetricsJson!);
        var weighted = stored.RootElement.GetProperty("weightedAccuracy").GetProperty("mean").GetDouble();
        Assert.Equal(weighted, card.RootElement.GetProperty("metrics").GetProperty("weightedAccuracy").GetProperty("mean").GetDouble(), 1e-12);
        Assert.StartsWith($"WA {weighted.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)} ± ", recorded);
    }

    [RequiresFact(Requirement.SharedData)]
    public void AFileThatIsNotAModelIsABadInput()
    {
        var dir = SharedData.NewTempDirectory("cli-model");
        try
        {
            var file = Path.Combine(dir, "x.emotion");
            File.WriteAllText(file, "no");
            var result = CliRunner.Run("model", file);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("x.emotion", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void EvaluateWithoutAModelUsesTheDefaultAndWarnsLoudlyAboutItsTrainingSpeakers()
    {
        var text = CliRunner.Run(["evaluate", .. Actor20]);
        Assert.True(text.ExitCode == 0, text.Error);
        const string warning = "WARNING: the model was trained on 1 of the speakers evaluated here (ravdess:20)";
        // On the error stream at once, and again just above the report (after the progress lines).
        Assert.StartsWith(warning, text.Error);
        Assert.Contains(warning, text.Output[..text.Output.IndexOf("accuracy (WA)", StringComparison.Ordinal)]);
        Assert.Contains("accuracy (WA)", text.Output);

        var json = CliRunner.Run(["evaluate", .. Actor20, "--json"]);
        Assert.True(json.ExitCode == 0, json.Error);
        using var report = JsonDocument.Parse(json.Output);
        var overlap = report.RootElement.GetProperty("trainingSpeakerOverlap");
        Assert.Equal(["ravdess:20"], overlap.GetProperty("speakers").EnumerateArray().Select(s => s.GetString()));
        Assert.True(overlap.GetProperty("certain").GetBoolean());
        Assert.StartsWith(warning, overlap.GetProperty("warning").GetString());
        Assert.Equal(60, report.RootElement.GetProperty("count").GetInt32());
    }

    [RequiresFact(Requirement.SharedData)]
    public void ReportRedrawsACommittedConfusionMatrixFromItsJsonAlone()
    {
        var dir = SharedData.NewTempDirectory("cli-report");
        try
        {
            var json = Path.Combine(SharedData.Root, "docs", "reports", "utterance-5-folds", "report.json");
            var png = Path.Combine(dir, "confusion.png");
            var result = CliRunner.Run("report", json, "--out", png, "--title", "Pooled over 5 folds");
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.True(new FileInfo(png).Length > 10_000);
            // Every number of the report is recomputed from its confusion matrix, and comes out as saved.
            var saved = File.ReadAllText(json);
            Assert.Equal(saved, Evaluation.ClassificationReport.FromJson(saved).ToJson());

            var broken = Path.Combine(dir, "broken.json");
            File.WriteAllText(broken, "{\"labels\": [\"a\"], \"confusionMatrix\": [[1, 2]]");
            var bad = CliRunner.Run("report", broken, "--out", png);
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("broken.json", bad.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheEverydayToolHasNoTorchSharpInItsGraphAndNoTrainingCommands()
    {
        var seen = new Dictionary<string, AssemblyName>();
        var pending = new Stack<AssemblyName>([typeof(EmotionCli).Assembly.GetName()]);
        while (pending.TryPop(out var name))
        {
            if (!seen.TryAdd(name.Name!, name) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name == "netstandard") continue;
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                continue; // a platform-specific facade nothing here loads
            }
            foreach (var reference in assembly.GetReferencedAssemblies()) pending.Push(reference);
        }

        Assert.Contains("EmotionRecognition.Evaluation", seen.Keys);
        Assert.DoesNotContain(seen.Keys, n => n.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("EmotionRecognition.Training", seen.Keys);
        Assert.DoesNotContain("emotion-train", seen.Keys);

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, EmotionCli.Run(["train", "--data", "x", "--out", "y"], output, error, () => Stream.Null));
        Assert.Contains("train", error.ToString());
    }
}
