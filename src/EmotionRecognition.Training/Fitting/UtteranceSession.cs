using System.Globalization;
using System.Text.Json;
using EmotionRecognition.Data;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using Microsoft.ML;
using static System.FormattableString;

namespace EmotionRecognition.Training;

/// <summary>Settings of an <see cref="UtteranceSession"/>.</summary>
public sealed record UtteranceSessionOptions
{
    /// <summary>How each model is trained.</summary>
    public UtteranceRecipe Recipe { get; init; } = new();

    /// <summary>Speaker folds to cross-validate over (the same seeded assignment as <see cref="TrainingSession"/>); 0 skips them. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Whether the model is trained again on every speaker after the folds (<see langword="true"/>, the default) or is the folds'
    /// models averaged in one graph (<see langword="false"/>: the ensemble, which needs <see cref="Folds"/> ≥ 2).
    /// </summary>
    public bool TrainFinalModel { get; init; } = true;

    /// <summary>Seeds the assignment of speakers to folds. Default 42.</summary>
    public int SplitSeed { get; init; } = 42;

    /// <summary>When set, per-fold and pooled reports (text, JSON, confusion PNGs) and summary.md are written there.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>
    /// Sample rates every fold's test clips are also converted to (with sox, which must be on the PATH) to measure whether the top
    /// emotion stays; empty (the default) skips the check.
    /// </summary>
    public IReadOnlyList<int> RateChecks { get; init; } = [];

    /// <summary>The corpus folders, recorded in the model's provenance.</summary>
    public IReadOnlyList<string> CorpusPaths { get; init; } = [];

    /// <summary>
    /// A fold ensemble trained on the same clips with the same folds and split seed (what <see cref="UtteranceSession.Score"/> takes)
    /// whose averaged answers the new models learn besides the labels (knowledge distillation): a fold's model learns from that
    /// fold's members alone, the model of every speaker from all of them. Null (the default): the labels alone.
    /// </summary>
    public EmotionModel? Teacher { get; init; }

    /// <summary>Share of each training target taken from the <see cref="Teacher"/>'s answer, in (0, 1]; the smoothed label gives the rest. Default 0.5.</summary>
    public double TeacherWeight { get; init; } = 0.5;
}

/// <summary>
/// The utterance model's road: utterance features (with augmented copies) for every clip, speaker-fold cross-validation with the
/// <see cref="UtteranceRecipe"/>, then the shipped model: one model trained on every speaker, or the fold models as one ensemble graph.
/// </summary>
public static class UtteranceSession
{
    /// <summary>Cross-validates and builds the model.</summary>
    /// <param name="clips">The labelled clips (every clip needs a speaker).</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="progress">Told about features and epochs.</param>
    /// <param name="cancellationToken">Stops the work (throws <see cref="OperationCanceledException"/>).</param>
    public static TrainingResult Run(IReadOnlyList<LabeledClip> clips, UtteranceSessionOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clips);
        options ??= new UtteranceSessionOptions();
        options.Recipe.Validate();
        if (options.Folds is 1 or < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Folds, "Folds must be 0 or at least 2.");
        if (!options.TrainFinalModel && options.Folds < 2) throw new ArgumentException("An ensemble of fold models needs at least two folds.", nameof(options));
        if (clips.Select(c => c.Emotion).Distinct().Count() < 2)
            throw new ArgumentException("A classifier needs clips of at least two emotions.", nameof(clips));
        var recipe = options.Recipe;
        if (options.Teacher is { } teacher)
            CheckTeacher(teacher, clips, options);
        var extractor = new Features.FeatureExtractor(recipe.Spec);
        var ml = new MLContext(seed: recipe.Seed);
        var folds = options.Folds >= 2 ? DataSplitter.Split(clips, new SplitProtocol.SpeakerFolds(options.Folds), options.SplitSeed) : [];
        // Run-major, as the ensemble lists its members: every fold of the first run, then of the next.
        var models = new List<FittedModel>();
        var runs = new List<RunOutcome>();
        try
        {
            foreach (var seed in recipe.Seeds)
                runs.Add(RunOnce(clips, recipe with { Seed = seed, ExtraSeeds = [] }, folds, options, extractor, ml, models, progress, cancellationToken));
            var results = new List<FoldResult>();
            var rateChecks = new List<RateCheck[]>();
            foreach (var fold in folds)
            {
                var members = runs.Select(r => models[r.FoldModels[fold.Index]]).ToArray();
                var clipAnswers = fold.Test.Select((_, clip) => Mean(runs.Select(r => r.Probabilities[fold.Index][clip]).ToArray())).ToArray();
                var (result, rates) = Judge(fold, clipAnswers, members[0].History, fold.Train.Count * (1 + recipe.AugmentedCopies),
                    path => FittedModel.PredictFile(members, path, extractor), options, cancellationToken);
                results.Add(result);
                rateChecks.Add(rates);
                if (runs.Count > 1)
                    progress?.Report(new TrainingProgress($"fold {fold.Index + 1}/{folds.Count}: {runs.Count} runs averaged", 1, 1, Scores(result.Report)));
            }
            var shipped = options.TrainFinalModel ? runs.Select(r => models[r.FinalModel]).ToList() : runs.SelectMany(r => r.FoldModels.Select(i => models[i])).ToList();
            return Finish(results, rateChecks, shipped, options, ml, clips);
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    /// <summary>One run of the recipe (one seed): its fold models' test probabilities and, when asked, its model of every speaker.</summary>
    private sealed record RunOutcome(int[] FoldModels, float[][][] Probabilities, int FinalModel);

    private static RunOutcome RunOnce(IReadOnlyList<LabeledClip> clips, UtteranceRecipe recipe, IReadOnlyList<DataFold> folds, UtteranceSessionOptions options,
        Features.FeatureExtractor extractor, MLContext ml, List<FittedModel> models, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var examples = UtteranceSetBuilder.Build(clips, recipe, extractor, progress, cancellationToken);
        var trainer = new UtteranceTrainer(recipe);
        var index = new Dictionary<LabeledClip, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < clips.Count; i++) index[clips[i]] = i;
        var run = recipe.Seed == options.Recipe.Seed && options.Recipe.ExtraSeeds.Count == 0 ? "" : Invariant($"seed {recipe.Seed}, ");
        var foldModels = new int[folds.Count];
        var probabilities = new float[folds.Count][][];
        foreach (var fold in folds)
        {
            var name = $"{run}fold {fold.Index + 1}/{folds.Count}";
            using var teacher = TeacherOf(options, fold.Index);
            var model = FittedModel.Train(trainer, ml, examples, fold.Train.Select(c => index[c]).ToArray(), name, teacher, progress, cancellationToken);
            models.Add(model);
            foldModels[fold.Index] = models.Count - 1;
            var test = fold.Test.Select(c => examples[index[c]][0]).ToArray();
            probabilities[fold.Index] = model.Probabilities(test);
            var report = ClassificationReport.Compute(test.Select(e => e.Label).ToArray(),
                probabilities[fold.Index].Select(p => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p)).ToArray(), EmotionLabels.All);
            progress?.Report(new TrainingProgress(name + ": tested", 1, 1, Scores(report)));
        }
        if (!options.TrainFinalModel)
            return new RunOutcome(foldModels, probabilities, -1);
        using var everyMember = TeacherOf(options, fold: null);
        models.Add(FittedModel.Train(trainer, ml, examples, Enumerable.Range(0, clips.Count).ToArray(), $"{run}final model", everyMember, progress, cancellationToken));
        return new RunOutcome(foldModels, probabilities, models.Count - 1);
    }

    // The teacher of one fold's model (that fold's members) or of the model of every speaker (every member); null without one.
    private static Teacher? TeacherOf(UtteranceSessionOptions options, int? fold)
    {
        if (options.Teacher is not { } ensemble) return null;
        var members = fold is { } f ? FoldMembers(ensemble, options.Folds, f) : Enumerable.Range(0, Onnx.EnsembleCombiner.CountMembers(ensemble)).ToArray();
        return new Teacher(ensemble, members, options.TeacherWeight, options.Recipe.LabelSmoothing);
    }

    // A fold ensemble lists every fold's model of one run before the next run's: fold f's members are f, f + folds, ...
    private static int[] FoldMembers(EmotionModel ensemble, int folds, int fold) =>
        Enumerable.Range(0, Onnx.EnsembleCombiner.CountMembers(ensemble) / folds).Select(r => r * folds + fold).ToArray();

    // A teacher is a fold ensemble of these very folds (or it would have heard a fold's test speakers) on the same features.
    private static void CheckTeacher(EmotionModel teacher, IReadOnlyList<LabeledClip> clips, UtteranceSessionOptions options)
    {
        if (options.TeacherWeight is not (> 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TeacherWeight, "TeacherWeight must lie in (0, 1].");
        if (teacher.FeatureSpec != options.Recipe.Spec || !teacher.Labels.SequenceEqual(EmotionLabels.All))
            throw new ArgumentException("The teacher must read the recipe's features and answer with the seven emotions.", nameof(options));
        CheckFoldEnsemble(teacher, clips, options);
    }

    /// <summary>The ensemble's member count, after checking that it is a fold ensemble of these clips' speakers and these folds.</summary>
    private static int CheckFoldEnsemble(EmotionModel ensemble, IReadOnlyList<LabeledClip> clips, UtteranceSessionOptions options)
    {
        var members = Onnx.EnsembleCombiner.CountMembers(ensemble);
        if (options.Folds < 2 || members % options.Folds != 0)
            throw new ArgumentException($"A fold ensemble of {options.Folds} folds has a multiple of {options.Folds} members; this one has {members}.", nameof(options));
        // Older models do not list their speakers; those that do must list exactly these, or the folds would be others.
        if (SpeakerOverlap.TrainingSpeakers(ensemble) is { } trained && !trained.Order(StringComparer.Ordinal).SequenceEqual(
                clips.Select(c => c.Speaker!).Distinct().Order(StringComparer.Ordinal)))
            throw new ArgumentException("The clips' speakers are not the ones the ensemble was trained on, so its folds cannot be rebuilt.", nameof(clips));
        return members;
    }

    // Members' probabilities for one clip, averaged as the ensemble graph's Mean does.
    private static float[] Mean(float[][] members)
    {
        var sum = new float[members[0].Length];
        foreach (var member in members) System.Numerics.Tensors.TensorPrimitives.Add(sum, member, sum);
        System.Numerics.Tensors.TensorPrimitives.Divide(sum, members.Length, sum);
        return sum;
    }

    /// <summary>
    /// One fold's answers judged the same way whether they come from training or from a model being scored: the report, the
    /// answers at the other rates (<paramref name="predictFile"/> reads a converted file) and, with a report folder, every clip's probabilities.
    /// </summary>
    private static (FoldResult Result, RateCheck[] Rates) Judge(DataFold fold, float[][] probabilities, TrainingHistory history, int trainRows,
        Func<string, int> predictFile, UtteranceSessionOptions options, CancellationToken cancellationToken)
    {
        var predicted = probabilities.Select(p => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p)).ToArray();
        var report = ClassificationReport.Compute(fold.Test.Select(c => (int)c.Emotion).ToArray(), predicted, EmotionLabels.All);
        var rates = options.RateChecks.Select(rate => RateRobustness.Measure(fold.Test, predicted, rate, predictFile, cancellationToken)).ToArray();
        if (options.ReportDirectory is { } directory)
            TestPredictions.Write(Path.Combine(directory, $"fold-{fold.Index + 1}", "predictions.csv"), fold.Test, probabilities);
        return (new FoldResult(fold.Index + 1, report, history, trainRows, 0, fold.Test.Count), rates);
    }

    private static string Scores(ClassificationReport report) => Invariant($"WA {report.Accuracy:P1}, UA {report.BalancedAccuracy:P1}");

    /// <summary>
    /// Scores a fold ensemble on the speaker folds it was trained on, through the inference path (decoding, resampling, trimming,
    /// features, scaler, ONNX Runtime): its members are taken as fold models in fold order, one run after another (as
    /// <c>--ensemble</c> writes them and <see cref="Onnx.EnsembleCombiner.Combine"/> joins them), so each fold's test speakers
    /// meet only the members that never heard them.
    /// </summary>
    /// <param name="ensemble">The fold ensemble, trained on <paramref name="clips"/> with the same folds and split seed.</param>
    /// <param name="clips">The labelled clips it was trained on.</param>
    /// <param name="options">Folds, split seed, rate checks and report folder (the recipe is not used).</param>
    /// <param name="progress">Told after every fold.</param>
    /// <param name="cancellationToken">Stops the work (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The folds' reports, and the ensemble with these metrics in its provenance and metrics.</returns>
    /// <exception cref="ArgumentException">The member count is not a multiple of the folds, or the clips' speakers are not the ensemble's.</exception>
    public static TrainingResult Score(EmotionModel ensemble, IReadOnlyList<LabeledClip> clips, UtteranceSessionOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(clips);
        options ??= new UtteranceSessionOptions();
        var members = CheckFoldEnsemble(ensemble, clips, options);
        var folds = DataSplitter.Split(clips, new SplitProtocol.SpeakerFolds(options.Folds), options.SplitSeed);
        var results = new List<FoldResult>();
        var rateChecks = new List<RateCheck[]>();
        foreach (var fold in folds)
        {
            using var classifier = EmotionClassifier.Load(Onnx.EnsembleCombiner.KeepMembers(ensemble, FoldMembers(ensemble, options.Folds, fold.Index)));
            int Top(string path) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax([.. classifier.Classify(path).Probabilities]);
            var probabilities = fold.Test.Select(c =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return classifier.Classify(c.Path).Probabilities.ToArray();
            }).ToArray();
            var (result, rates) = Judge(fold, probabilities, TrainingHistory.None, fold.Train.Count, Top, options, cancellationToken);
            results.Add(result);
            rateChecks.Add(rates);
            progress?.Report(new TrainingProgress($"fold {fold.Index + 1}/{folds.Count}: scored", fold.Index + 1, folds.Count, Scores(result.Report)));
        }
        var pooled = ClassificationReport.Pool(results.Select(f => f.Report).ToArray());
        var recipe = ensemble.Provenance.GetValueOrDefault("recipe", "unknown");
        var summary = Summary(results, pooled, rateChecks, options, $"{recipe}; {members} members, scored fold by fold");
        var provenance = new Dictionary<string, string>(ensemble.Provenance) { ["metrics"] = Metrics(results) };
        if (options.ReportDirectory is { } folder)
            TrainingSummary.WriteReports(folder, results, pooled, summary);
        return new TrainingResult(ensemble.With(ensemble.OnnxModel, provenance, TrainingSummary.Json(results, pooled)), results, pooled, summary);
    }

    private static string Metrics(List<FoldResult> folds) =>
        Invariant($"WA {MeanStd(folds, r => r.Accuracy)}, UA {MeanStd(folds, r => r.BalancedAccuracy)} over {folds.Count} speaker folds");

    // The ensemble's members together, or the final model, learnt from every clip, so every speaker is a training speaker.
    private static TrainingResult Finish(List<FoldResult> folds, List<RateCheck[]> rateChecks, List<FittedModel> models, UtteranceSessionOptions options, MLContext ml,
        IReadOnlyList<LabeledClip> clips)
    {
        var pooled = folds.Count > 0 ? ClassificationReport.Pool(folds.Select(f => f.Report).ToArray()) : ClassificationReport.Compute([], [], EmotionLabels.All);
        var summary = Summary(folds, pooled, rateChecks, options, Describe(options));
        var provenance = new Dictionary<string, string>
        {
            ["corpus"] = string.Join(";", options.CorpusPaths),
            ["split"] = Invariant($"speaker-folds:{options.Folds}"),
            ["model"] = "utterance",
            ["recipe"] = Describe(options),
            ["trainedOn"] = options.TrainFinalModel
                ? models.Count == 1 ? "every speaker" : Invariant($"every speaker, ensemble of the {models.Count} runs' models")
                : Invariant($"ensemble of the {models.Count} fold models"),
            ["seed"] = string.Join(",", options.Recipe.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            [SpeakerOverlap.ProvenanceKey] = SpeakerOverlap.Record(clips),
            ["trainedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (folds.Count > 0)
            provenance["metrics"] = Metrics(folds);
        if (options.Teacher is { } teacher)
            provenance["teacher"] = string.Join("; ", TeacherProvenance.Select(k => teacher.Provenance.GetValueOrDefault(k)).OfType<string>());
        var model = ToModel(models, options.Recipe, ml, provenance, folds.Count > 0 ? TrainingSummary.Json(folds, pooled) : "{}");
        if (options.ReportDirectory is { } directory && folds.Count > 0)
            TrainingSummary.WriteReports(directory, folds, pooled, summary);
        return new TrainingResult(model, folds, pooled, summary);
    }

    private static readonly string[] TeacherProvenance = ["trainedOn", "seed", "metrics"];

    // The recipe, and the teacher it learnt from when there was one.
    private static string Describe(UtteranceSessionOptions options) => options.Teacher is { } teacher
        ? Invariant($"{options.Recipe.Describe()}; distilled from a teacher of {Onnx.EnsembleCombiner.CountMembers(teacher)} members, weight {options.TeacherWeight}")
        : options.Recipe.Describe();

    private static string Summary(List<FoldResult> folds, ClassificationReport pooled, List<RateCheck[]> rateChecks, UtteranceSessionOptions options, string recipe)
    {
        var text = new System.Text.StringBuilder("# Utterance training summary\n\n");
        text.AppendLine(Invariant($"- recipe: {recipe}"));
        if (folds.Count == 0) return text.ToString();
        text.AppendLine(Invariant($"- weighted accuracy (WA): {MeanStd(folds, r => r.Accuracy)}"));
        text.AppendLine(Invariant($"- unweighted accuracy (UA): {MeanStd(folds, r => r.BalancedAccuracy)}")).AppendLine();
        text.AppendLine("| fold | training examples | test clips | WA | UA | macro-F1 |").AppendLine("|---|---|---|---|---|---|");
        foreach (var f in folds)
            text.AppendLine(Invariant($"| {f.Index} | {f.TrainRows} | {f.TestRows} | {f.Report.Accuracy:P1} | {f.Report.BalancedAccuracy:P1} | {f.Report.MacroF1:F3} |"));
        if (options.RateChecks.Count > 0)
        {
            text.AppendLine().AppendLine("## Other sample rates (test clips converted by sox)").AppendLine();
            text.AppendLine("| rate | top emotion kept (mean ± std over folds) | WA at that rate |").AppendLine("|---|---|---|");
            for (var r = 0; r < options.RateChecks.Count; r++)
            {
                var checks = rateChecks.Select(c => c[r]).ToArray();
                text.AppendLine(Invariant($"| {options.RateChecks[r]} Hz | {MeanStd(checks.Select(c => c.Agreement).ToArray())} | {MeanStd(checks.Select(c => c.Accuracy).ToArray())} |"));
            }
        }
        text.AppendLine().AppendLine("## Pooled over folds").AppendLine().AppendLine("```").Append(pooled.ToText()).AppendLine("```");
        return text.ToString();
    }

    internal static string MeanStd(IReadOnlyList<FoldResult> folds, Func<ClassificationReport, double> metric) =>
        MeanStd(folds.Select(f => metric(f.Report)).ToArray());

    private static string MeanStd(double[] values)
    {
        var (mean, std) = TrainingSummary.Stats(values);
        return Invariant($"{mean:P1} ± {std:P1}");
    }

    private static EmotionModel ToModel(List<FittedModel> models, UtteranceRecipe recipe, MLContext ml, Dictionary<string, string> provenance, string metricsJson)
    {
        var spec = recipe.Spec;
        var exportOptions = TrainingSession.ExportOptions(spec);
        using var onnx = new MemoryStream();
        // The model carries the first member's scaler; every other member gets the map from that scaling to its own in front of it.
        if (models.Count == 1)
            OnnxExporter.Export(models[0].Model, spec, onnx, exportOptions);
        else
            OnnxExporter.ExportEnsemble(models.Select(m => (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)m.Model).ToArray(), spec, onnx, exportOptions,
                models.Select(m => m.RescaleFrom(models[0])).ToArray());
        return EmotionModel.Create(onnx.ToArray(), spec, EmotionLabels.All, models[0].Scaler, ml, provenance, metricsJson,
            exportOptions.InputName, exportOptions.OutputName);
    }

    /// <summary>A trained network with the per-band scaler fitted on its training frames.</summary>
    private sealed class FittedModel : IDisposable
    {
        private readonly float[] _mean;
        private readonly float[] _scale;

        private FittedModel(UtteranceCnn model, TrainingHistory history, ITransformer scaler, float[] mean, float[] scale)
        {
            Model = model;
            History = history;
            Scaler = scaler;
            _mean = mean;
            _scale = scale;
        }

        public UtteranceCnn Model { get; }
        public TrainingHistory History { get; }
        public ITransformer Scaler { get; }

        // With a teacher, every training example (augmented copies too) is taught its target before scaling.
        public static FittedModel Train(UtteranceTrainer trainer, MLContext ml, UtteranceExample[][] examples, int[] clips, string name,
            Teacher? teacher, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            var scaler = FitScaler(ml, clips.Select(c => examples[c][0]));
            var (mean, scale) = Pipeline.MlNetScaler.Statistics(scaler, "trained scaler");
            var training = clips.SelectMany(c => examples[c])
                .Select(e => Scaled(teacher is null ? e : teacher.Teach(e), mean, scale)).ToArray();
            var (model, history) = trainer.Train(training, name, progress, cancellationToken);
            return new FittedModel(model, history, scaler, mean, scale);
        }

        public float[][] Probabilities(IReadOnlyList<UtteranceExample> test) => test.Select(Probabilities).ToArray();

        /// <summary>
        /// The per-band map from <paramref name="other"/>'s scaling to this model's: x·(s/s₀) + (m₀ − m)·s, since x = (f − m₀)·s₀;
        /// null when both scale alike (the same training clips).
        /// </summary>
        public (float[] Factor, float[] Offset)? RescaleFrom(FittedModel other)
        {
            if (_mean.AsSpan().SequenceEqual(other._mean) && _scale.AsSpan().SequenceEqual(other._scale)) return null;
            var factor = new float[_scale.Length];
            var offset = new float[_scale.Length];
            for (var b = 0; b < factor.Length; b++)
            {
                factor[b] = other._scale[b] == 0 ? 0 : _scale[b] / other._scale[b];
                offset[b] = (other._mean[b] - _mean[b]) * _scale[b];
            }
            return (factor, offset);
        }

        private float[] Probabilities(UtteranceExample example)
        {
            var scaled = Scaled(example, _mean, _scale);
            return UtteranceTrainer.Predict(Model, scaled.Frames, scaled.FrameCount, _mean.Length);
        }

        /// <summary>The top emotion of the members' averaged probabilities for an audio file, read exactly as inference reads it.</summary>
        public static int PredictFile(IReadOnlyList<FittedModel> members, string path, Features.FeatureExtractor extractor)
        {
            var spec = extractor.Spec;
            var frames = extractor.ExtractUtterance(Pipeline.SpeechFeaturization.LoadSamples(path, spec));
            var example = new UtteranceExample(frames, frames.Length / spec.FrameWidth, 0, -1, -1, -1);
            return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(Mean(members.Select(m => m.Probabilities(example)).ToArray()));
        }

        // Every fourth frame of the clean clips: plenty for 64 means and deviations, a quarter of the fitting time.
        private static ITransformer FitScaler(MLContext ml, IEnumerable<UtteranceExample> clean)
        {
            var rows = new List<float[]>();
            foreach (var e in clean)
                for (var t = 0; t < e.FrameCount; t += 4)
                    rows.Add(e.Frames.AsSpan(t * (e.Frames.Length / e.FrameCount), e.Frames.Length / e.FrameCount).ToArray());
            return FeatureScaling.Fit(ml, rows);
        }

        internal static UtteranceExample Scaled(UtteranceExample e, float[] mean, float[] scale)
        {
            var frames = e.Frames.ToArray();
            EmotionModel.ScaleFrames(frames, mean, scale);
            return e with { Frames = frames };
        }

        public void Dispose() => Model.Dispose();
    }
}
