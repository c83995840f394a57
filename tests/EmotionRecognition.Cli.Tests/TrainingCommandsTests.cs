using System.Text.Json;
using EmotionRecognition.TestData;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli.Tests;

public class TrainingCommandsTests
{
    private static string[] Data(params string[] actors) =>
        ["--data", .. actors.Select(a => Path.Combine(SharedData.Ravdess, "Actor_" + a))];

    [Fact]
    public void TheTrainingToolOptsInToTheProcessTuningThatTheLibraryLeavesToItsHost()
    {
        // Nothing else in this test assembly configures torch.
        var help = CliRunner.RunTraining("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(new TorchRuntimeOptions(), TorchRuntime.Configured);
    }

    [RequiresFact(Requirement.SharedData)]
    public void TrainEvaluateAndExportOnnxWriteTheirFiles()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var model = Path.Combine(dir, "model.emotion");
        var cache = Path.Combine(dir, "cache");
        var report = Path.Combine(dir, "report");

        var train = CliRunner.Run(["train", .. Data("01", "02", "03", "04"), "--model", "matrix", "--split", "holdout:04", "--augment", "none", "--epochs", "1",
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
        // The model scored through ONNX Runtime agrees with the training-time report on the same test actor.
        using var trained = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")));
        Assert.Equal(trained.RootElement.GetProperty("confusionMatrix").ToString(), json.RootElement.GetProperty("confusionMatrix").ToString());
        Assert.True(File.Exists(Path.Combine(dir, "eval", "confusion.png")));
        // Actor 04 was held out: no overlap, no warning. Actor 02 trained the model: the report says so.
        Assert.Equal(0, json.RootElement.GetProperty("trainingSpeakerOverlap").GetProperty("speakers").GetArrayLength());
        Assert.DoesNotContain("WARNING", evaluate.Error);
        var heard = CliRunner.Run(["evaluate", "--model", model, .. Data("02"), "--cache", cache]);
        Assert.True(heard.ExitCode == 0, heard.Error);
        Assert.Contains("WARNING: the model was trained on 1 of the speakers evaluated here (ravdess:02)", heard.Output);
        var card = CliRunner.Run("model", model, "--json");
        using var cardJson = JsonDocument.Parse(card.Output);
        Assert.Equal(["ravdess:01", "ravdess:02", "ravdess:03"], cardJson.RootElement.GetProperty("trainingSpeakers").EnumerateArray().Select(s => s.GetString()));

        var onnx = Path.Combine(dir, "model.onnx");
        var export = CliRunner.Run("export-onnx", "--model", model, "--out", onnx);
        Assert.True(export.ExitCode == 0, export.Error);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx);
        Assert.Equal([-1, 2376], session.InputMetadata["features"].Dimensions);
        Assert.Equal([-1, 7], session.OutputMetadata["probabilities"].Dimensions);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedRandomSplitsRowsAndWarnsAboutTheLeak()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01"), "--model", "matrix", "--split", "seed-random", "--augment", "none", "--epochs", "1",
            "--cache", dir, "--out", Path.Combine(dir, "m")]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(EmotionRecognition.Data.SplitProtocol.LeakWarning, result.Output);
        // 60 clips, one row each: 48 train, 12 test (the original's 80/20 row split).
        Assert.Contains("| 1 | 48 | 12 | 12 |", result.Output);
        Assert.True(File.Exists(Path.Combine(dir, "m")));
    }

    [RequiresFact(Requirement.SharedData)]
    public void SpeakerFoldsReportEveryFoldAndPoolTheirTestClips()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var report = Path.Combine(dir, "report");
        var result = CliRunner.Run(["train", .. Data("01", "02", "03"), "--model", "matrix", "--split", "speaker-folds:3", "--augment", "none", "--epochs", "1",
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

    [RequiresFact(Requirement.SharedData)]
    public void BadSplitIsABadInputWithAMessage()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01"), "--model", "matrix", "--split", "speaker-folds:one", "--cache", dir, "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown split 'speaker-folds:one'", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(Path.Combine(dir, "m")));
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheDefaultUtteranceRecipeCrossValidatesAndWritesAModelThatPredicts()
    {
        var dir = SharedData.NewTempDirectory("cli-utterance");
        var model = Path.Combine(dir, "u.emotion");
        var report = Path.Combine(dir, "report");
        var result = CliRunner.Run(["train", .. Data("01", "02", "03", "04"), "--folds", "2", "--epochs", "2", "--copies", "0",
            "--channels", "4,8,8,8", "--ensemble", "--report", report, "--out", model]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("recipe: channels 4/8/8/8, 2 epochs", result.Output);
        Assert.Contains("fold 2/2: tested", result.Output);
        Assert.Matches(@"unweighted accuracy \(UA\): \d+\.\d % ± \d+\.\d %", result.Output);
        Assert.True(File.Exists(Path.Combine(report, "confusion.png")));

        var predict = CliRunner.Run("predict", "--model", model, "--json", Path.Combine(SharedData.Ravdess, "Actor_05", "03-01-05-02-01-01-05.flac"));
        Assert.True(predict.ExitCode == 0, predict.Error);
        using var json = JsonDocument.Parse(predict.Output);
        Assert.Equal("speech", json.RootElement.GetProperty("speech").GetString());

        // The default recipe is two runs (seeds 42 and 7): each fold is scored on two members, and the model holds all four.
        Assert.Contains("seed 7, fold 2/2: tested", result.Output);
        Assert.Contains("fold 2/2: 2 runs averaged", result.Output);
        var scored = CliRunner.Run(["combine", model, .. Data("01", "02", "03", "04"), "--folds", "2", "--out", Path.Combine(dir, "scored.emotion")]);
        Assert.True(scored.ExitCode == 0, scored.Error);
        Assert.Contains("4 members from 1 model(s)", scored.Output);
        Assert.Contains("4 members, scored fold by fold", scored.Output);
        var wrongFolds = CliRunner.Run(["combine", model, .. Data("01", "02", "03", "04"), "--folds", "3", "--out", Path.Combine(dir, "x.emotion")]);
        Assert.NotEqual(0, wrongFolds.ExitCode);
        Assert.Contains("multiple of 3 members", wrongFolds.Error);
        var otherFeatures = CliRunner.Run("combine", model, CommittedTestModel.ModelPath, "--out", Path.Combine(dir, "y.emotion"));
        Assert.NotEqual(0, otherFeatures.ExitCode);
        Assert.Contains("cannot join model 1", otherFeatures.Error);
        Assert.False(File.Exists(Path.Combine(dir, "y.emotion")));

        // The four-member model teaches one run of a student over the same folds.
        string[] student = ["train", .. Data("01", "02", "03", "04"), "--folds", "2", "--epochs", "1", "--copies", "0", "--channels", "4,8,8,8",
            "--seed", "3", "--split-seed", "42", "--ensemble"];
        var taught = CliRunner.Run([.. student, "--teacher", model, "--teacher-weight", "0.7", "--out", Path.Combine(dir, "s.emotion")]);
        Assert.True(taught.ExitCode == 0, taught.Error);
        Assert.Contains($"teacher: {model} (weight 0.7)", taught.Output);
        Assert.Contains("distilled from a teacher of 4 members, weight 0.7", EmotionModel.Load(Path.Combine(dir, "s.emotion")).Provenance["recipe"]);
        var untaught = CliRunner.Run([.. student, "--teacher-weight", "0.7", "--out", Path.Combine(dir, "t.emotion")]);
        Assert.NotEqual(0, untaught.ExitCode);
        Assert.Contains("--teacher-weight needs a --teacher", untaught.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void FeatureOptionsReachTheWrittenModelsSpec()
    {
        var dir = SharedData.NewTempDirectory("cli-utterance-spec");
        var model = Path.Combine(dir, "u.emotion");
        var result = CliRunner.Run(["train", .. Data("01", "02"), "--folds", "0", "--epochs", "1", "--copies", "0", "--channels", "4,8,8,8",
            "--bands", "40", "--frame-length", "1024", "--hop-length", "200", "--out", model]);
        Assert.True(result.ExitCode == 0, result.Error);

        var card = CliRunner.Run("model", "--json", model);
        Assert.True(card.ExitCode == 0, card.Error);
        using var json = JsonDocument.Parse(card.Output);
        var spec = json.RootElement.GetProperty("featureSpec");
        Assert.Equal(40, spec.GetProperty("melBandCount").GetInt32());
        Assert.Equal(1024, spec.GetProperty("frameLength").GetInt32());
        Assert.Equal(200, spec.GetProperty("hopLength").GetInt32());
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("--split", "holdout:04")]
    [InlineData("--patience", "3")]
    public void OptionsOfTheSeedRoadAreRefusedForTheUtteranceModel(string option, string value)
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01", "02"), option, value, "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} belong(s) to the seed, compact and matrix models", result.Error);
        Assert.False(File.Exists(Path.Combine(dir, "m")));
    }

    [RequiresFact(Requirement.SharedData)]
    public void OptionsOfTheUtteranceRecipeAreRefusedForTheOtherModels()
    {
        var dir = SharedData.NewTempDirectory("cli-train");
        var result = CliRunner.Run(["train", .. Data("01", "02"), "--model", "matrix", "--mixup", "0", "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--mixup belong(s) to the utterance model", result.Error);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("utterance")]
    [InlineData("matrix")]
    public void ACorruptClipIsABadInputNamedWithoutAStackTrace(string model)
    {
        var dir = SharedData.NewTempDirectory("cli-train-corrupt");
        var corrupt = Path.Combine(dir, "03-01-05-01-01-01-03.wav");
        File.WriteAllBytes(corrupt, [.. "RIFF"u8, 1, 2, 3, 4, .. "WAVEjunk"u8]);
        // Three speakers: the utterance road checks its folds before reading any clip, so it is given as many as it can have.
        string[] folds = model == "utterance" ? ["--folds", "3"] : [];
        var result = CliRunner.Run(["train", .. Data("01", "02"), dir, "--model", model, .. folds, "--epochs", "1", "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(corrupt, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain("AggregateException", result.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ACacheThatIsAFileIsRefusedBeforeTraining()
    {
        var dir = SharedData.NewTempDirectory("cli-train-cache");
        var file = Path.Combine(dir, "cache");
        File.WriteAllText(file, "");
        var result = CliRunner.Run(["train", .. Data("01", "02"), "--model", "matrix", "--cache", file, "--out", Path.Combine(dir, "m")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a file; the feature cache needs a folder", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void UnreadableModelIsABadInput()
    {
        var dir = SharedData.NewTempDirectory("cli-export");
        var notAModel = Path.Combine(dir, "model.emotion");
        File.WriteAllText(notAModel, "not a zip");
        var result = CliRunner.Run("export-onnx", "--model", notAModel, "--out", Path.Combine(dir, "m.onnx"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a model", result.Error);
    }
}
