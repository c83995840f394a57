using System.Globalization;
using static System.FormattableString;
using System.Text.Json;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Data;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using Microsoft.ML;
using TorchSharp.Modules;

namespace EmotionRecognition.Training;

/// <summary>
/// The training road end to end: split, extract (cached, on all cores), fit ML.NET's scaler on training rows, train, evaluate each
/// test fold, export the final model to ONNX and assemble a <see cref="EmotionModel"/>.
/// </summary>
/// <example>
/// <code>
/// var clips = Corpus.Load("../shared/data/ravdess");
/// var result = TrainingSession.Run(clips, new TrainingSessionOptions { Split = SplitProtocol.Parse("holdout:17,18,19,20") });
/// result.Model.Save("model.emotion");
/// </code>
/// </example>
/// <remarks>
/// With several folds, each fold's model is evaluated and dropped, and the model's model is trained afterwards on every clip
/// (still holding out validation speakers). Torch's generator is process-wide: run one session at a time.
/// </remarks>
public static class TrainingSession
{
    /// <summary>Trains and evaluates according to <paramref name="options"/>.</summary>
    /// <param name="clips">The labelled clips.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="progress">Told about extraction and epochs (from several threads during extraction).</param>
    /// <param name="cancellationToken">Stops extraction or training (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">The clips cannot be split as asked (e.g. too few speakers).</exception>
    public static TrainingResult Run(IReadOnlyList<LabeledClip> clips, TrainingSessionOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        options ??= new TrainingSessionOptions();
        options.Validate();
        if (clips.Count == 0) throw new ArgumentException("No clips to train on.", nameof(clips));
        // One class would "train" to a model that always says it, with a perfect score on test clips of that class alone.
        var classes = clips.Select(c => c.Emotion).Distinct().Order().ToArray();
        if (classes.Length < 2)
            throw new ArgumentException($"All {clips.Count} clips are labelled {classes[0].ToLabel()}; a classifier needs clips of at least two emotions.", nameof(clips));
        var context = new SessionContext(options, progress, cancellationToken);
        var split = options.Split ?? DefaultHoldout(clips, options.Seed);
        return split is SplitProtocol.SeedRandom random
            ? RunSeedRandom(clips, random, context)
            : RunSpeakerFolds(clips, split, context);
    }

    private static TrainingResult RunSpeakerFolds(IReadOnlyList<LabeledClip> clips, SplitProtocol split, SessionContext context)
    {
        var folds = DataSplitter.Split(clips, split, context.Options.Seed);
        var results = new List<FoldResult>();
        FoldModel? single = null;
        IEnumerable<LabeledClip> singleTrain = [];
        foreach (var fold in folds)
        {
            var name = $"fold {fold.Index + 1}/{folds.Count}";
            var (fit, validation) = SplitValidation(fold.Train, context.Options.ValidationSpeakerShare, context.Options.Seed);
            var trainSet = context.Extract(name + ": training features", fit, context.Options.Augmentation);
            var validationSet = context.Extract(name + ": validation features", validation, AugmentationPolicy.None);
            var testSet = context.Extract(name + ": test features", fold.Test, AugmentationPolicy.None);
            var model = FoldModel.Train(context, name, trainSet, validationSet);
            results.Add(model.Evaluate(fold.Index + 1, testSet, trainSet.Count, validationSet.Count));
            if (folds.Count == 1) (single, singleTrain) = (model, fold.Train);
            else model.Dispose();
        }
        if (single is not null)
        {
            using (single)
                return Finish(results, split, single, context, singleTrain, Invariant(
                    $"the training speakers of the split ({results[0].TrainRows} rows; {results[0].ValidationRows} validation rows chose the epoch)"));
        }
        var epochs = FinalEpochs(results);
        using var final = TrainFinal(clips, epochs, context);
        var speakers = clips.Select(c => c.Speaker).Distinct().Count();
        return Finish(results, split, final, context, clips,
            Invariant($"every speaker ({speakers}) for {epochs} epochs, the median best epoch of the {folds.Count} folds"));
    }

    // Every speaker trains the shipped model; with no one left to validate on, it runs the epoch count that cross-validation chose.
    private static FoldModel TrainFinal(IReadOnlyList<LabeledClip> clips, int epochs, SessionContext context)
    {
        var trainSet = context.Extract("final model: training features", clips, context.Options.Augmentation);
        var none = new FeatureSet([], [], []);
        return FoldModel.Train(context, "final model", trainSet, none, epochs);
    }

    internal static int FinalEpochs(IReadOnlyList<FoldResult> folds)
    {
        var best = folds.Select(f => f.History.BestEpoch).Order().ToArray();
        return Math.Max(1, best.Length % 2 == 1 ? best[best.Length / 2] : (int)Math.Round((best[best.Length / 2 - 1] + best[best.Length / 2]) / 2.0));
    }

    private static TrainingResult RunSeedRandom(IReadOnlyList<LabeledClip> clips, SplitProtocol.SeedRandom random, SessionContext context)
    {
        context.Report(new TrainingProgress("warning", 0, 0, SplitProtocol.LeakWarning));
        var all = context.Extract("features", clips, context.Options.Augmentation);
        var (trainRows, testRows) = DataSplitter.SplitRows(all.Count, random.TestFraction, context.Options.Seed);
        var trainSet = all.Select(trainRows);
        var testSet = all.Select(testRows);
        using var model = FoldModel.Train(context, "seed-random", trainSet, testSet);
        var result = model.Evaluate(1, testSet, trainSet.Count, testSet.Count);
        return Finish([result], random, model, context, clips, Invariant($"{trainSet.Count} randomly drawn rows"));
    }

    private static TrainingResult Finish(IReadOnlyList<FoldResult> folds, SplitProtocol split, FoldModel final, SessionContext context,
        IEnumerable<LabeledClip> trainingClips, string trainedOn)
    {
        var pooled = ClassificationReport.Pool(folds.Select(f => f.Report).ToArray());
        var summary = TrainingSummary.Markdown(folds, pooled, split, context.Options);
        var metricsJson = TrainingSummary.Json(folds, pooled);
        var provenance = TrainingSummary.Provenance(folds, split, final.History, context.Options);
        provenance["trainedOn"] = trainedOn;
        provenance[SpeakerOverlap.ProvenanceKey] = SpeakerOverlap.Record(trainingClips);
        var model = final.ToModel(context, provenance, metricsJson);
        if (context.Options.ReportDirectory is { } directory)
            TrainingSummary.WriteReports(directory, folds, pooled, summary);
        return new TrainingResult(model, folds, pooled, summary);
    }

    /// <summary>A seeded 20 % of the speakers (at least one) as the test fold.</summary>
    internal static SplitProtocol DefaultHoldout(IReadOnlyList<LabeledClip> clips, int seed)
    {
        var speakers = Speakers(clips, seed);
        var count = Math.Max(1, (int)Math.Round(speakers.Length * 0.2));
        if (speakers.Length < 2) throw new ArgumentException("A speaker-independent split needs at least two speakers.", nameof(clips));
        return new SplitProtocol.Holdout(speakers[..count]);
    }

    /// <summary>Holds out a seeded share of the training speakers (at least one, never all) for validation.</summary>
    internal static (IReadOnlyList<LabeledClip> Fit, IReadOnlyList<LabeledClip> Validation) SplitValidation(
        IReadOnlyList<LabeledClip> train, double share, int seed)
    {
        var speakers = Speakers(train, seed);
        if (speakers.Length < 2)
            throw new ArgumentException("Validation needs a training speaker of its own: the training data has fewer than two speakers.", nameof(train));
        var held = speakers[..Math.Clamp((int)Math.Round(speakers.Length * share), 1, speakers.Length - 1)].ToHashSet();
        return (train.Where(c => !held.Contains(c.Speaker!)).ToArray(), train.Where(c => held.Contains(c.Speaker!)).ToArray());
    }

    private static string[] Speakers(IReadOnlyList<LabeledClip> clips, int seed)
    {
        if (clips.FirstOrDefault(c => c.Speaker is null) is { } anonymous)
            throw new ArgumentException($"{anonymous.Path} has no speaker; speaker-independent splits need one for every clip.", nameof(clips));
        var speakers = clips.Select(c => c.Speaker!).Distinct().Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(speakers);
        return speakers;
    }

    /// <summary>What every step of a session shares.</summary>
    internal sealed class SessionContext(TrainingSessionOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly FeatureSetBuilder _builder = new(options.Spec, options.Cache);

        internal TrainingSessionOptions Options => options;
        internal CancellationToken CancellationToken => cancellationToken;
        internal MLContext MlContext { get; } = new(seed: options.Seed);

        internal void Report(TrainingProgress value) => progress?.Report(value);

        internal FeatureSet Extract(string task, IReadOnlyList<LabeledClip> clips, AugmentationPolicy augmentation)
        {
            var relay = progress is null ? null : new Relay<ExtractionProgress>(p =>
                progress.Report(new TrainingProgress(task, p.Done, p.Total, $"{p.FromCache} rows from cache")));
            return _builder.Build(clips, augmentation, options.Seed, relay, cancellationToken);
        }
    }

    internal sealed class Relay<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }

    /// <summary>A trained model with the scaler fitted on its training rows.</summary>
    internal sealed class FoldModel : IDisposable
    {
        private FoldModel(Sequential model, ITransformer scaler, TrainingHistory history)
        {
            Model = model;
            Scaler = scaler;
            History = history;
        }

        internal Sequential Model { get; }
        internal ITransformer Scaler { get; }
        internal TrainingHistory History { get; }

        internal static FoldModel Train(SessionContext context, string name, FeatureSet train, FeatureSet validation, int? epochCount = null)
        {
            var options = context.Options;
            var ml = context.MlContext;
            var scaler = FeatureScaling.Fit(ml, train.Rows);
            var trainRows = FeatureScaling.Apply(ml, scaler, train.Rows);
            var validationRows = FeatureScaling.Apply(ml, scaler, validation.Rows);
            var trainerOptions = options.Trainer with { Seed = options.Seed, MaxEpochs = epochCount ?? options.Trainer.MaxEpochs };
            var model = ModelFactory.Create(options.Model, options.Spec, EmotionLabels.Count, options.Seed);
            var epochs = new Relay<EpochMetrics>(m => context.Report(new TrainingProgress(name + ": epochs", m.Epoch, trainerOptions.MaxEpochs,
                string.Create(CultureInfo.InvariantCulture,
                    $"epoch {m.Epoch}: loss {m.TrainLoss:F3} acc {m.TrainAccuracy:P1} | val loss {m.ValidationLoss:F3} acc {m.ValidationAccuracy:P1} | lr {m.LearningRate:G3}"))));
            try
            {
                var history = new Trainer(trainerOptions).Train(model, trainRows, train.Labels,
                    validationRows.Length == 0 ? null : validationRows, validationRows.Length == 0 ? null : validation.Labels,
                    epochs, null, context.CancellationToken);
                return new FoldModel(model, scaler, history);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        internal FoldResult Evaluate(int index, FeatureSet test, int trainRows, int validationRows)
        {
            var report = Predict(test);
            return new FoldResult(index, report, History, trainRows, validationRows, test.Count);
        }

        private ClassificationReport Predict(FeatureSet test)
        {
            var rows = FeatureScaling.Apply(new MLContext(seed: 0), Scaler, test.Rows);
            var probabilities = rows.Length == 0 ? [] : Trainer.PredictProbabilities(Model, rows);
            return ClassificationReport.Compute(test.Labels, ClassificationReport.ArgMax(probabilities, EmotionLabels.Count), EmotionLabels.All);
        }

        internal EmotionModel ToModel(SessionContext context, IReadOnlyDictionary<string, string> provenance, string metricsJson)
        {
            var spec = context.Options.Spec;
            var exportOptions = ExportOptions(spec);
            using var onnx = new MemoryStream();
            OnnxExporter.Export(Model, spec.VectorLength, onnx, exportOptions);
            return EmotionModel.Create(onnx.ToArray(), spec, EmotionLabels.All, Scaler, context.MlContext, provenance, metricsJson,
                exportOptions.InputName, exportOptions.OutputName);
        }

        public void Dispose() => Model.Dispose();
    }

    /// <summary>The export settings of every trained model: default names, and the labels and feature spec as ONNX metadata.</summary>
    internal static OnnxExportOptions ExportOptions(Features.FeatureSpec spec) => new()
    {
        Metadata = new Dictionary<string, string>
        {
            ["labels"] = JsonSerializer.Serialize(EmotionLabels.All),
            ["feature_spec"] = spec.ToJson(),
        },
    };
}
