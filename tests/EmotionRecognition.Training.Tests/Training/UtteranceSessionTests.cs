using EmotionRecognition.Data;
using EmotionRecognition.Onnx;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Training;

public sealed class UtteranceSessionTests
{
    // Four actors, two folds, three epochs: the whole road on a slice small enough for a test.
    private static LabeledClip[] Slice() =>
        Corpus.Load(SharedData.Ravdess).Where(c => c.Speaker is "ravdess:01" or "ravdess:02" or "ravdess:03" or "ravdess:04").ToArray();

    // Mixup on (it is off by default) so that the class weights are exercised through mixed targets.
    private static UtteranceRecipe SmallRecipe => new() { Channels = [8, 16, 16, 32], Epochs = 3, AugmentedCopies = 1, MixupAlpha = 0.2, ExtraSeeds = [] };

    [RequiresFact(Requirement.SharedData)]
    public void TheRecipeCrossValidatesByFoldAndShipsAModelTheClassifierReads()
    {
        var clips = Slice();
        var report = SharedData.NewTempDirectory("utterance-report");
        try
        {
            var result = UtteranceSession.Run(clips, new UtteranceSessionOptions { Recipe = SmallRecipe, Folds = 2, TrainFinalModel = false, ReportDirectory = report });

            Assert.Equal(2, result.Folds.Count);
            Assert.Equal(clips.Length, result.Folds.Sum(f => f.TestRows));
            Assert.All(result.Folds, f => Assert.Equal(3, f.History.Epochs.Count));
            Assert.True(result.Folds[0].History.Epochs[^1].TrainLoss < result.Folds[0].History.Epochs[0].TrainLoss, "training lowers the loss");
            Assert.True(File.Exists(Path.Combine(report, "confusion.png")));
            Assert.Contains("ensemble of the 2 fold models", result.Model.Provenance["trainedOn"]);
            AssertPredictionsMatchTheReport(Path.Combine(report, "fold-1", "predictions.csv"), result.Folds[0]);

            var path = Path.Combine(report, "utterance.emotion");
            result.Model.Save(path);
            using var classifier = EmotionClassifier.Load(path);
            Assert.True(classifier.FeatureSpec.IsVariableLength);
            var predictions = classifier.ClassifyBatch(clips.Take(8).Select(c => c.Path).ToArray());
            Assert.All(predictions, p => Assert.True(p.HasSpeech));
            Assert.All(predictions, p => Assert.Equal(1f, p.Probabilities.Sum(), 3));
            Assert.Equal(predictions[0].Probabilities, classifier.Classify(clips[0].Path).Probabilities);
        }
        finally
        {
            Directory.Delete(report, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void TwoSeedsGiveTheMembersOfTwoRunsCombinedAndScoringTheModelRepeatsTheFoldsAnswers()
    {
        var clips = Slice();
        var recipe = new UtteranceRecipe { Channels = [4, 8, 8, 8], Epochs = 1, AugmentedCopies = 0 };
        var (trainedReport, scoredReport) = (SharedData.NewTempDirectory("utterance-runs"), SharedData.NewTempDirectory("utterance-score"));
        UtteranceSessionOptions Options(int seed, params int[] extra) =>
            new() { Recipe = recipe with { Seed = seed, ExtraSeeds = extra }, Folds = 2, TrainFinalModel = false, SplitSeed = 1 };
        try
        {
            var both = UtteranceSession.Run(clips, Options(1, 2) with { ReportDirectory = trainedReport });
            var combined = EnsembleCombiner.Combine([UtteranceSession.Run(clips, Options(1)).Model, UtteranceSession.Run(clips, Options(2)).Model]);

            Assert.Equal(4, EnsembleCombiner.CountMembers(both.Model));
            Assert.Equal(both.Model.Provenance["recipe"], combined.Provenance["recipe"]);
            Assert.EndsWith("seeds 1, 2", combined.Provenance["recipe"]);
            Assert.Equal("1,2", combined.Provenance["seed"]);
            using (var trained = EmotionClassifier.Load(both.Model))
            using (var joined = EmotionClassifier.Load(combined))
                foreach (var clip in clips.Take(4))
                    Assert.Equal(trained.Classify(clip.Path).Probabilities, joined.Classify(clip.Path).Probabilities, (x, y) => Math.Abs(x - y) < 1e-5f);

            // Through ONNX Runtime, each fold's clips meet only that fold's two members, each fed its own fold's scaling: the
            // training's own answers come back. Members of the other fold, or one scaler for all, would change them.
            var scored = UtteranceSession.Score(both.Model, clips, Options(1) with { ReportDirectory = scoredReport });
            Assert.EndsWith("over 2 speaker folds", scored.Model.Provenance["metrics"]);
            foreach (var fold in new[] { "fold-1", "fold-2" })
            {
                var (expected, actual) = (Rows(Path.Combine(trainedReport, fold)), Rows(Path.Combine(scoredReport, fold)));
                Assert.Equal(expected.Select(r => r.File), actual.Select(r => r.File));
                Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Probabilities, pair.Second.Probabilities, (x, y) => Math.Abs(x - y) < 1e-4f));
            }
            Assert.Equal(both.Folds.Select(f => f.Report.Accuracy), scored.Folds.Select(f => f.Report.Accuracy));

            Assert.Throws<ArgumentException>(() => UtteranceSession.Score(both.Model, clips, Options(1) with { Folds = 3 }));
            Assert.Throws<ArgumentException>(() => UtteranceSession.Score(both.Model, clips.Where(c => c.Speaker != "ravdess:04").ToArray(), Options(1)));
            Assert.Throws<ArgumentException>(() => new UtteranceTrainer(recipe with { Seed = 3, ExtraSeeds = [3] }));
        }
        finally
        {
            Directory.Delete(trainedReport, recursive: true);
            Directory.Delete(scoredReport, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void AStudentLearnsTheBlendOfItsFoldMembersAnswersAndTheLabelAndNamesItsTeacher()
    {
        var clips = Slice();
        var recipe = new UtteranceRecipe { Channels = [4, 8, 8, 8], Epochs = 1, AugmentedCopies = 0, ExtraSeeds = [] };
        var options = new UtteranceSessionOptions { Recipe = recipe, Folds = 2, TrainFinalModel = false, SplitSeed = 1 };
        var teacher = UtteranceSession.Run(clips, options).Model;

        // A training clip of fold 1 is taught what fold 1's member says of its file through inference, blended with its label.
        var clip = DataSplitter.Split(clips, new SplitProtocol.SpeakerFolds(2), 1)[0].Train[0];
        var frames = new Features.FeatureExtractor(recipe.Spec).ExtractUtterance(Pipeline.SpeechFeaturization.LoadSamples(clip.Path, recipe.Spec));
        var example = new UtteranceExample(frames, frames.Length / recipe.Spec.FrameWidth, (int)clip.Emotion, -1, -1, 0);
        float[] said;
        using (var member = EmotionClassifier.Load(EnsembleCombiner.KeepMembers(teacher, [0])))
            said = member.Classify(clip.Path).Probabilities.ToArray();
        using (var taught = new Teacher(teacher, [0], weight: 0.25, labelSmoothing: 0.1))
        {
            Assert.Equal(said, taught.Probabilities(example), (x, y) => Math.Abs(x - y) < 1e-4f);
            var target = taught.Teach(example).Target!;
            for (var c = 0; c < target.Length; c++)
                Assert.Equal(0.25f * said[c] + 0.75f * (0.1f / 7 + (c == example.Label ? 0.9f : 0)), target[c], 4);
        }

        // Same seed, weights and crops as the teacher's own run: only the targets differ, so its answers must too.
        var student = UtteranceSession.Run(clips, options with { Teacher = teacher, TeacherWeight = 0.25 }).Model;
        Assert.EndsWith("distilled from a teacher of 2 members, weight 0.25", student.Provenance["recipe"]);
        Assert.Contains(teacher.Provenance["metrics"], student.Provenance["teacher"]);
        using (var first = EmotionClassifier.Load(teacher))
        using (var second = EmotionClassifier.Load(student))
            Assert.NotEqual(first.Classify(clip.Path).Probabilities.ToArray(), second.Classify(clip.Path).Probabilities.ToArray());
        // The model of every speaker, after the folds, learns from every member.
        var final = UtteranceSession.Run(clips, options with { Teacher = teacher, TrainFinalModel = true }).Model;
        Assert.Equal("every speaker", final.Provenance["trainedOn"]);
        Assert.EndsWith("distilled from a teacher of 2 members, weight 0.5", final.Provenance["recipe"]);

        // A teacher that heard other speakers, or of other folds, or without weight, is refused before any training.
        Assert.Throws<ArgumentException>(() => UtteranceSession.Run(clips.Where(c => c.Speaker != "ravdess:04").ToArray(), options with { Teacher = teacher }));
        Assert.Throws<ArgumentException>(() => UtteranceSession.Run(clips, options with { Teacher = teacher, Folds = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => UtteranceSession.Run(clips, options with { Teacher = teacher, TeacherWeight = 0 }));
    }

    private static (string File, float[] Probabilities)[] Rows(string foldFolder) =>
        File.ReadAllLines(Path.Combine(foldFolder, "predictions.csv")).Skip(1).Select(line => line.Split(','))
            .Select(cells => (cells[0], cells[3..].Select(c => float.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray())).ToArray();

    // The CSV is what seed ensembles are scored from, so its argmax must reproduce the fold's own accuracy exactly.
    private static void AssertPredictionsMatchTheReport(string path, FoldResult fold)
    {
        var rows = File.ReadAllLines(path);
        Assert.Equal("file,speaker,truth," + string.Join(",", EmotionLabels.All), rows[0]);
        Assert.Equal(fold.TestRows, rows.Length - 1);
        var correct = 0;
        foreach (var row in rows.Skip(1))
        {
            var cells = row.Split(',');
            var probabilities = cells[3..].Select(c => float.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1f, probabilities.Sum(), 3);
            if (EmotionLabels.All[System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities)] == cells[2]) correct++;
        }
        Assert.Equal(fold.Report.Accuracy, correct / (double)fold.TestRows, 9);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ClassWeightsGiveEveryEmotionTheSameTotalWeightOnRealLabels()
    {
        // RAVDESS counts calm as neutral: 12 neutral clips per actor against 8 of every other emotion.
        var examples = Slice().Select(c => new UtteranceExample([], 0, (int)c.Emotion, -1, -1, 0)).ToArray();
        var weights = UtteranceTrainer.ClassWeights(examples);
        var counts = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(48, counts[(int)Emotion.Neutral]);
        Assert.Equal(32, counts[(int)Emotion.Sad]);
        Assert.Equal(1.5f * weights[(int)Emotion.Neutral], weights[(int)Emotion.Sad], 5);
        foreach (var (label, count) in counts)
            Assert.Equal(examples.Length / 7.0, weights[label] * count, 3);
        Assert.Equal(1.0, examples.Average(e => weights[e.Label]), 5);
        Assert.Equal(0f, UtteranceTrainer.ClassWeights(examples.Where(e => e.Label != 0).ToArray())[0]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void AuxiliaryLabelsComeFromRavdessNamesAndAreUnknownElsewhere()
    {
        Assert.Equal((1, 0), UtteranceSetBuilder.AuxiliaryLabels("/x/03-01-05-02-01-01-07.flac"));
        Assert.Equal((0, 1), UtteranceSetBuilder.AuxiliaryLabels("/x/03-01-05-01-01-01-12.wav"));
        Assert.Equal((-1, -1), UtteranceSetBuilder.AuxiliaryLabels("/x/1001_DFA_ANG_XX.wav"));
    }

    [RequiresFact(Requirement.SharedData)]
    public void RecipeSettingsOutsideTheirRangeAreRefusedBeforeAnyWork()
    {
        Assert.Throws<ArgumentException>(() => new UtteranceTrainer(new UtteranceRecipe { Spec = Features.FeatureSpec.Seed }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UtteranceTrainer(new UtteranceRecipe { LabelSmoothing = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UtteranceTrainer(new UtteranceRecipe { CropSeconds = 0 }));
        Assert.Throws<ArgumentException>(() => new UtteranceTrainer(new UtteranceRecipe { Channels = [] }));
    }

    [RequiresFact(Requirement.SharedData)]
    public void OneCycleRisesToItsPeakThenAnnealsToAlmostNothing()
    {
        var schedule = new OneCycleSchedule(0.01, 100, 0.2);
        Assert.Equal(0.01 / 25, schedule.At(0), 12);
        Assert.Equal(0.01, schedule.At(20), 12);
        Assert.True(schedule.At(10) is > 0.0004 and < 0.01);
        Assert.True(schedule.At(60) < schedule.At(40));
        Assert.Equal(0.01 / 1e4, schedule.At(100), 12);
    }

    [RequiresFact(Requirement.SharedData)]
    public void MixupWeightsFollowTheirBetaDistribution()
    {
        var random = new Random(5);
        var draws = Enumerable.Range(0, 20000).Select(_ => Beta.Sample(0.2, random)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
        // Beta(0.2, 0.2): mean 1/2, variance 1/(4 (2α + 1)) = 0.1786, most mass near 0 and 1.
        Assert.InRange(draws.Average(), 0.49, 0.51);
        Assert.InRange(draws.Select(d => (d - 0.5) * (d - 0.5)).Average(), 0.17, 0.187);
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheShippedDefaultModelRecordsTheDefaultRecipe()
    {
        // The default model is retrained with UtteranceRecipe's defaults; a recipe change without a retrained model shows here.
        using var classifier = EmotionClassifier.LoadDefault();
        Assert.Equal(new UtteranceRecipe().Describe(), classifier.Model.Provenance["recipe"]);
    }
}
