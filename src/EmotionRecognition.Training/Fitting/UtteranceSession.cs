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
        var extractor = new Features.FeatureExtractor(recipe.Spec);
        var examples = UtteranceSetBuilder.Build(clips, recipe, extractor, progress, cancellationToken);
        var trainer = new UtteranceTrainer(recipe);
        var ml = new MLContext(seed: recipe.Seed);
        var results = new List<FoldResult>();
        var rateChecks = new List<RateCheck[]>();
        var foldModels = new List<FittedModel>();
        var foldPredictions = new List<(IReadOnlyList<LabeledClip> Clips, float[][] Probabilities)>();
        try
        {
            var folds = options.Folds >= 2 ? DataSplitter.Split(clips, new SplitProtocol.SpeakerFolds(options.Folds), options.SplitSeed) : [];
            var index = new Dictionary<LabeledClip, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < clips.Count; i++) index[clips[i]] = i;
            foreach (var fold in folds)
            {
                var name = $"fold {fold.Index + 1}/{folds.Count}";
                var train = fold.Train.Select(c => index[c]).ToArray();
                var model = FittedModel.Train(trainer, ml, examples, train, name, progress, cancellationToken);
                var test = fold.Test.Select(c => examples[index[c]][0]).ToArray();
                var probabilities = model.Probabilities(test);
                var predicted = probabilities.Select(p => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p)).ToArray();
                foldPredictions.Add((fold.Test, probabilities));
                var report = ClassificationReport.Compute(test.Select(e => e.Label).ToArray(), predicted, EmotionLabels.All);
                results.Add(new FoldResult(fold.Index + 1, report, model.History, train.Length * (1 + recipe.AugmentedCopies), 0, test.Length));
                rateChecks.Add(options.RateChecks.Select(rate => RateRobustness.Measure(fold.Test, predicted, rate,
                    path => model.PredictFile(path, extractor), cancellationToken)).ToArray());
                progress?.Report(new TrainingProgress(name + ": tested", 1, 1, Invariant($"WA {report.Accuracy:P1}, UA {report.BalancedAccuracy:P1}")));
                if (options.TrainFinalModel) model.Dispose();
                else foldModels.Add(model);
            }
            if (options.TrainFinalModel)
                foldModels.Add(FittedModel.Train(trainer, ml, examples, Enumerable.Range(0, clips.Count).ToArray(), "final model", progress, cancellationToken));
            var result = Finish(results, rateChecks, foldModels, options, ml, clips);
            if (options.ReportDirectory is { } directory)
                for (var f = 0; f < foldPredictions.Count; f++)
                    TestPredictions.Write(Path.Combine(directory, $"fold-{f + 1}", "predictions.csv"), foldPredictions[f].Clips, foldPredictions[f].Probabilities);
            return result;
        }
        finally
        {
            foreach (var model in foldModels) model.Dispose();
        }
    }

    // The ensemble's members together, or the final model, learnt from every clip, so every speaker is a training speaker.
    private static TrainingResult Finish(List<FoldResult> folds, List<RateCheck[]> rateChecks, List<FittedModel> models, UtteranceSessionOptions options, MLContext ml,
        IReadOnlyList<LabeledClip> clips)
    {
        var pooled = folds.Count > 0 ? ClassificationReport.Pool(folds.Select(f => f.Report).ToArray()) : ClassificationReport.Compute([], [], EmotionLabels.All);
        var summary = Summary(folds, pooled, rateChecks, options);
        var provenance = new Dictionary<string, string>
        {
            ["corpus"] = string.Join(";", options.CorpusPaths),
            ["split"] = Invariant($"speaker-folds:{options.Folds}"),
            ["model"] = "utterance",
            ["recipe"] = options.Recipe.Describe(),
            ["trainedOn"] = options.TrainFinalModel ? "every speaker" : Invariant($"ensemble of the {models.Count} fold models"),
            ["seed"] = options.Recipe.Seed.ToString(CultureInfo.InvariantCulture),
            [SpeakerOverlap.ProvenanceKey] = SpeakerOverlap.Record(clips),
            ["trainedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (folds.Count > 0)
            provenance["metrics"] = Invariant($"WA {MeanStd(folds, r => r.Accuracy)}, UA {MeanStd(folds, r => r.BalancedAccuracy)} over {folds.Count} speaker folds");
        var model = ToModel(models, options.Recipe, ml, provenance, folds.Count > 0 ? TrainingSummary.Json(folds, pooled) : "{}");
        if (options.ReportDirectory is { } directory && folds.Count > 0)
            TrainingSummary.WriteReports(directory, folds, pooled, summary);
        return new TrainingResult(model, folds, pooled, summary);
    }

    private static string Summary(List<FoldResult> folds, ClassificationReport pooled, List<RateCheck[]> rateChecks, UtteranceSessionOptions options)
    {
        var text = new System.Text.StringBuilder("# Utterance training summary\n\n");
        text.AppendLine(Invariant($"- recipe: {options.Recipe.Describe()}"));
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
        // One scaler serves every member of an ensemble: they differ in the speakers they saw, not in their features.
        if (models.Count == 1)
            OnnxExporter.Export(models[0].Model, spec, onnx, exportOptions);
        else
            OnnxExporter.ExportEnsemble(models.Select(m => (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)m.Model).ToArray(), spec, onnx, exportOptions);
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

        public static FittedModel Train(UtteranceTrainer trainer, MLContext ml, UtteranceExample[][] examples, int[] clips, string name,
            IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            var scaler = FitScaler(ml, clips.Select(c => examples[c][0]));
            var (mean, scale) = Pipeline.MlNetScaler.Statistics(scaler, "trained scaler");
            var training = clips.SelectMany(c => examples[c]).Select(e => Scaled(e, mean, scale)).ToArray();
            var (model, history) = trainer.Train(training, name, progress, cancellationToken);
            return new FittedModel(model, history, scaler, mean, scale);
        }

        public float[][] Probabilities(IReadOnlyList<UtteranceExample> test) => test.Select(Probabilities).ToArray();

        private float[] Probabilities(UtteranceExample example)
        {
            var scaled = Scaled(example, _mean, _scale);
            return UtteranceTrainer.Predict(Model, scaled.Frames, scaled.FrameCount, _mean.Length);
        }

        /// <summary>The top emotion for an audio file, read exactly as inference reads it.</summary>
        public int PredictFile(string path, Features.FeatureExtractor extractor)
        {
            var spec = extractor.Spec;
            var frames = extractor.ExtractUtterance(Pipeline.SpeechFeaturization.LoadSamples(path, spec));
            return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(Probabilities(new UtteranceExample(frames, frames.Length / spec.FrameWidth, 0, -1, -1, -1)));
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
