using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

public class TrainingCommandsTests
{
    private static string[] Data(params string[] actors) =>
        ["--data", .. actors.Select(a => Path.Combine(SharedData.Ravdess, "Actor_" + a))];

    [Fact]
    public void TrainEvaluateAndExportOnnxWriteTheirFiles()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var model = Path.Combine(dir, "model.bundle");
        var cache = Path.Combine(dir, "cache");
        var report = Path.Combine(dir, "report");

        var train = CliRunner.Run(["train", .. Data("01", "02", "03", "04"), "--split", "holdout:04", "--augment", "none", "--epochs", "1",
            "--cache", cache, "--report", report, "--out", model]);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("weighted accuracy (WA)", train.Output);
        Assert.Contains("fold 1/1: epochs: epoch 1:", train.Output);   // plain progress lines, not bars, when not interactive
        Assert.True(File.Exists(model));
        foreach (var file in new[] { "summary.md", "report.txt", "report.json", "confusion.png", "fold-1/history.csv", "fold-1/history.png" })
            Assert.True(File.Exists(Path.Combine(report, file)), file);

        var evaluate = CliRunner.Run(["evaluate", "--model", model, .. Data("04"), "--cache", cache, "--json", "--report", Path.Combine(dir, "eval")]);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var json = JsonDocument.Parse(evaluate.Output);
        Assert.Equal(60, json.RootElement.GetProperty("count").GetInt32());
        // The bundle scored through ONNX Runtime agrees with the training-time report on the same test actor.
        using var trained = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")));
        Assert.Equal(trained.RootElement.GetProperty("confusionMatrix").ToString(), json.RootElement.GetProperty("confusionMatrix").ToString());
        Assert.True(File.Exists(Path.Combine(dir, "eval", "confusion.png")));

        var onnx = Path.Combine(dir, "model.onnx");
        var export = CliRunner.Run("export-onnx", "--model", model, "--out", onnx);
        Assert.True(export.ExitCode == 0, export.Error);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        Assert.Equal([-1, 2376], session.InputMetadata["features"].Dimensions);
        Assert.Equal([-1, 7], session.OutputMetadata["probabilities"].Dimensions);
    }

    [Fact]
    public void SeedRandomSplitsRowsAndWarnsAboutTheLeak()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01"), "--split", "seed-random", "--augment", "none", "--epochs", "1",
            "--cache", dir, "--out", Path.Combine(dir, "m")]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(EmotionRecognition.Data.SplitProtocol.LeakWarning, result.Output);
        // 60 clips, one row each: 48 train, 12 test (the original's 80/20 row split).
        Assert.Contains("| 1 | 48 | 12 | 12 |", result.Output);
        Assert.True(File.Exists(Path.Combine(dir, "m")));
    }

    [Fact]
    public void SpeakerFoldsReportEveryFoldAndPoolTheirTestClips()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var report = Path.Combine(dir, "report");
        var result = CliRunner.Run(["train", .. Data("01", "02", "03"), "--split", "speaker-folds:3", "--augment", "none", "--epochs", "1",
            "--cache", dir, "--report", report, "--out", Path.Combine(dir, "m")]);
        Assert.True(result.ExitCode == 0, result.Error);
        // Each fold tests one actor (60 clips) and trains on one of the other two (the second validates).
        for (var fold = 1; fold <= 3; fold++)
        {
            Assert.Contains($"| {fold} | 60 | 60 | 60 |", result.Output);
            Assert.True(File.Exists(Path.Combine(report, $"fold-{fold}", "history.png")));
        }
        Assert.Contains("final model: epochs", result.Output);
        Assert.Matches(@"weighted accuracy \(WA\): 0\.\d{3} ± 0\.\d{3}", result.Output);
        using var pooled = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")));
        Assert.Equal(180, pooled.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public void BadSplitIsABadInputWithAMessage()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01"), "--split", "speaker-folds:one", "--cache", dir, "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown split 'speaker-folds:one'", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(Path.Combine(dir, "m")));
    }

    [Fact]
    public void UnreadableModelIsABadInput()
    {
        var dir = SharedData.NewTempDirectory("cli-export");
        var notAModel = Path.Combine(dir, "model.bundle");
        File.WriteAllText(notAModel, "not a zip");
        var result = CliRunner.Run("export-onnx", "--model", notAModel, "--out", Path.Combine(dir, "m.onnx"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a model bundle", result.Error);
    }
}
