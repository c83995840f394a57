using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Evaluation;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Training;

public class TrainingSessionTests
{
    private static readonly IReadOnlyList<LabeledClip> FourActors =
        Corpus.LoadMany(new[] { "01", "02", "03", "04" }.Select(a => Path.Combine(SharedData.Ravdess, "Actor_" + a)));

    [Fact]
    public void ClipsOfOneEmotionAreRefusedBeforeAnyWork()
    {
        var angry = FourActors.Where(c => c.Emotion == Emotion.Angry).ToArray();
        Assert.NotEmpty(angry);
        var e = Assert.Throws<ArgumentException>(() => TrainingSession.Run(angry));
        Assert.Contains($"All {angry.Length} clips are labelled angry", e.Message);
    }

    [Fact]
    public void ValidationSpeakersComeFromTrainingSpeakersOnly()
    {
        var fold = Assert.Single(DataSplitter.Split(FourActors, SplitProtocol.Parse("holdout:04")));
        var (fit, validation) = TrainingSession.SplitValidation(fold.Train, 0.15, 42);
        var validationSpeakers = validation.Select(c => c.Speaker).Distinct().ToArray();
        Assert.Single(validationSpeakers);
        Assert.DoesNotContain("ravdess:04", validationSpeakers);
        Assert.DoesNotContain(fit, c => validationSpeakers.Contains(c.Speaker));
        Assert.Equal(fold.Train.Count, fit.Count + validation.Count);
    }

    [Fact]
    public void DefaultSplitHoldsOutAFifthOfTheSpeakers()
    {
        var ravdess = Corpus.Load(SharedData.Ravdess);
        var holdout = Assert.IsType<SplitProtocol.Holdout>(TrainingSession.DefaultHoldout(ravdess, 42));
        Assert.Equal(4, holdout.TestSpeakers.Count);
        Assert.Equal(holdout.TestSpeakers, ((SplitProtocol.Holdout)TrainingSession.DefaultHoldout(ravdess, 42)).TestSpeakers);
    }

    /// <summary>
    /// The real road on three training actors and one test actor: cached extraction, the scaler fitted on training rows only,
    /// two epochs of the compact model, ONNX export into a model, and the inference path agreeing with TorchSharp.
    /// </summary>
    [Fact]
    public void EndToEndTrainsExportsAndScoresThroughOnnxRuntimeLikeTorch()
    {
        var options = new TrainingSessionOptions
        {
            Model = EmotionRecognition.Training.Networks.ModelKind.Compact,
            Split = SplitProtocol.Parse("holdout:04"),
            Trainer = new TrainingSessionOptions().Trainer with { MaxEpochs = 2 },
            Cache = new FeatureCache(SharedData.NewTempDirectory("cache")),
            ReportDirectory = SharedData.NewTempDirectory("report"),
            CorpusPaths = ["ravdess/Actor_01-04"],
        };
        var context = new TrainingSession.SessionContext(options, null, default);
        var fold = Assert.Single(DataSplitter.Split(FourActors, options.Split!));
        var (fit, validation) = TrainingSession.SplitValidation(fold.Train, options.ValidationSpeakerShare, options.Seed);
        var train = context.Extract("train", fit, AugmentationPolicy.Seed);
        var validationSet = context.Extract("validation", validation, AugmentationPolicy.None);
        var test = context.Extract("test", fold.Test, AugmentationPolicy.None);

        // Augmentation multiplies training rows only.
        Assert.Equal(4 * fit.Count, train.Count);
        Assert.Equal(validation.Count, validationSet.Count);
        Assert.Equal(fold.Test.Count, test.Count);

        using var model = TrainingSession.FoldModel.Train(context, "fold", train, validationSet);
        var result = model.Evaluate(1, test, train.Count, validationSet.Count);
        Assert.Equal(60, result.Report.Count);
        Assert.Equal(2, result.History.Epochs.Count);

        var saved = Path.Combine(SharedData.NewTempDirectory("model"), "model.emotion");
        model.ToModel(context, new Dictionary<string, string> { ["split"] = "holdout:04" }, "{}").Save(saved);
        var model = EmotionModel.Load(saved);
        Assert.Equal(EmotionLabels.All, model.Labels);

        // The scaler saw the training rows and nothing else: its offsets are their column means.
        var trainMean = ColumnMeans(train.Rows);
        var allMean = ColumnMeans([.. train.Rows, .. validationSet.Rows, .. test.Rows]);
        for (var c = 0; c < trainMean.Length; c += 97)
            Assert.Equal(trainMean[c], model.ScalerMean[c], Math.Max(1e-4, Math.Abs(trainMean[c]) * 1e-4));
        Assert.True(Enumerable.Range(0, trainMean.Length).Count(c => Math.Abs(model.ScalerMean[c] - allMean[c]) > 1e-3) > trainMean.Length / 2);

        // ONNX Runtime on the model's scaling equals TorchSharp on ML.NET's scaling.
        var onnx = ModelEvaluator.Score(model, test.Rows);
        var torch = Trainer.PredictProbabilities(model.Model, FeatureScaling.Apply(context.MlContext, model.Scaler, test.Rows));
        Assert.Equal(torch.Length, onnx.Length);
        for (var i = 0; i < torch.Length; i++) Assert.Equal(torch[i], onnx[i], 1e-5);

        // Through the inference path, the model has learnt its training rows well beyond chance (1/7).
        var trainPredictions = ClassificationReport.ArgMax(ModelEvaluator.Score(model, train.Rows), EmotionLabels.Count);
        var trainAccuracy = trainPredictions.Where((p, i) => p == train.Labels[i]).Count() / (double)train.Count;
        Assert.True(trainAccuracy > 0.4, $"training accuracy {trainAccuracy:P1}");

        // Evaluating the test actor through the model gives the fold's report(its accuracy after 2 epochs on one unseen actor is noise, so it is not asserted).
        var evaluated = ModelEvaluator.Evaluate(model, fold.Test, options.Cache);
        Assert.Equal(result.Report.ConfusionMatrix, evaluated.ConfusionMatrix);
    }

    /// <summary>
    /// Cross-validation of the matrix model on four actors, then the shipped model: trained on every actor, with nobody held
    /// back, for the folds' median best epoch, and exported so ONNX Runtime scores like the folds' models did.
    /// </summary>
    [Fact]
    public void CrossValidationShipsAModelTrainedOnEverySpeakerForTheFoldsMedianBestEpoch()
    {
        var options = new TrainingSessionOptions
        {
            Model = EmotionRecognition.Training.Networks.ModelKind.Matrix,
            Split = SplitProtocol.Parse("speaker-folds:2"),
            Augmentation = AugmentationPolicy.None,
            Trainer = new TrainingSessionOptions().Trainer with { MaxEpochs = 2, Monitor = TrainingMonitor.ValidationAccuracy },
            Cache = new FeatureCache(SharedData.NewTempDirectory("cache")),
        };

        var result = TrainingSession.Run(FourActors, options);

        Assert.Equal(2, result.Folds.Count);
        Assert.All(result.Folds, f => Assert.Equal(120, f.TestRows));
        var epochs = TrainingSession.FinalEpochs(result.Folds);
        Assert.InRange(epochs, 1, 2);
        Assert.StartsWith($"{epochs} (", result.Model.Provenance["epochs"]);
        Assert.Equal($"every speaker (4) for {epochs} epochs, the median best epoch of the 2 folds", result.Model.Provenance["trainedOn"]);
        Assert.Equal("validation accuracy, patience 4", result.Model.Provenance["monitor"]);

        // The exported matrix model (gather, per-utterance normalisation, 2-D convolutions) runs in ONNX Runtime from the model.
        var evaluated = ModelEvaluator.Evaluate(result.Model, FourActors, options.Cache);
        Assert.Equal(FourActors.Count, evaluated.Count);
    }

    [Fact]
    public void FinalEpochsIsTheMedianOfTheFoldsBestEpochs()
    {
        static FoldResult Fold(int best) => new(1, null!, new TrainingHistory([], best, false), 0, 0, 0);
        Assert.Equal(7, TrainingSession.FinalEpochs([Fold(9), Fold(3), Fold(7)]));
        Assert.Equal(6, TrainingSession.FinalEpochs([Fold(9), Fold(3), Fold(7), Fold(5)]));
        Assert.Equal(1, TrainingSession.FinalEpochs([Fold(0)]));
    }

    private static double[] ColumnMeans(IReadOnlyList<float[]> rows)
    {
        var means = new double[rows[0].Length];
        foreach (var row in rows)
            for (var c = 0; c < means.Length; c++) means[c] += row[c];
        for (var c = 0; c < means.Length; c++) means[c] /= rows.Count;
        return means;
    }
}
