using EmotionRecognition.Audio;
using EmotionRecognition.Inference;
using EmotionRecognition.TestData;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Tests;

[Collection(TestModelCollection.Name)]
public class EmotionClassifierTests(TestModel model)
{
    private IReadOnlyList<string> Files => model.TrainingFiles;

    [RequiresFact(Requirement.SharedData)]
    public void ClassifierGivesTheTrainedModelsProbabilitiesForEveryInputRoad()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var batch = classifier.ClassifyBatch(Files);
        for (var f = 0; f < Files.Count; f++)
        {
            var fromPath = classifier.Classify(Files[f]);
            using var stream = File.OpenRead(Files[f]);
            var fromStream = classifier.Classify(stream);
            var clip = AudioLoader.Load(Files[f], classifier.FeatureSpec.ToLoadOptions());
            var fromSamples = classifier.Classify(clip.Samples, clip.SampleRate);
            Assert.Equal(fromPath.Probabilities, fromStream.Probabilities);
            Assert.Equal(fromPath.Probabilities, fromSamples.Probabilities);
            for (var c = 0; c < EmotionLabels.Count; c++)
            {
                // ONNX Runtime and libtorch sum in different orders; batching changes ONNX Runtime's kernels slightly.
                Assert.Equal(model.TorchProbabilities[f * EmotionLabels.Count + c], fromPath.Probabilities[c], 1e-4);
                Assert.Equal(fromPath.Probabilities[c], batch[f].Probabilities[c], 1e-5);
            }
            Assert.Equal(1f, fromPath.Probabilities.Sum(), 1e-5);
            Assert.Equal(fromPath.Probabilities.Max(), fromPath.Confidence);
            Assert.Equal(fromPath.Confidence, fromPath.ProbabilityOf(fromPath.Emotion));
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void SamplesAtAnotherRateAreResampledFirst()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var clip = AudioLoader.Load(Files[0], classifier.FeatureSpec.ToLoadOptions() with { SampleRate = 16000 });
        var resampled = Resampler.Resample(clip.Samples, 16000, classifier.FeatureSpec.SampleRate);
        Assert.Equal(classifier.Classify(resampled, classifier.FeatureSpec.SampleRate).Probabilities,
            classifier.Classify(clip.Samples, 16000).Probabilities);
    }

    [RequiresFact(Requirement.SharedData)]
    public void BatchReportsTheUnreadableFileItself()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var bad = Path.Combine(model.Directory, "truncated.flac");
        File.WriteAllBytes(bad, File.ReadAllBytes(Files[0])[..100]);
        var e = Assert.ThrowsAny<AudioFormatException>(() => classifier.ClassifyBatch([Files[0], bad, Files[1]]));
        Assert.Contains("truncated.flac", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void PredictionReadsWell()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var p = classifier.Classify(Files[0]);
        var top = p.Top(7);
        Assert.Equal(p.Emotion, top[0].Emotion);
        Assert.True(top.Zip(top.Skip(1)).All(pair => pair.First.Probability >= pair.Second.Probability));
        Assert.Matches(@"^[a-z]+ \d+\.\d% \([a-z]+ \d+\.\d%, [a-z]+ \d+\.\d%\)$", p.ToString());
        Assert.StartsWith(p.Emotion.ToLabel(), p.ToString());
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task AsyncCallsGiveTheSameAnswersAndHonourCancellation()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var sync = classifier.ClassifyBatch(Files.Take(4));
        Assert.Equal(sync[0].Probabilities, (await classifier.ClassifyAsync(Files[0])).Probabilities);
        var batch = await classifier.ClassifyBatchAsync(Files.Take(4).ToArray());
        Assert.Equal(sync.Select(p => p.Probabilities), batch.Select(p => p.Probabilities));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => classifier.ClassifyAsync(Files[0], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => classifier.ClassifyBatchAsync(Files, cancelled.Token));
    }

    [RequiresFact(Requirement.SharedData)]
    public void ManyThreadsGetTheSequentialResultsExactly()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var files = Files.Take(8).ToArray();
        var expected = files.Select(f => classifier.Classify(f).Probabilities.ToArray()).ToArray();
        var clips = files.Select(f => AudioLoader.Load(f, classifier.FeatureSpec.ToLoadOptions()).Samples).ToArray();
        var results = new float[8][][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            results[t] = new float[files.Length][];
            for (var i = 0; i < files.Length; i++)
            {
                var f = (i + t) % files.Length; // every thread in another order, so different files overlap
                results[t][f] = (t % 2 == 0 ? classifier.Classify(files[f]) : classifier.Classify(clips[f], 22050)).Probabilities.ToArray();
            }
        });
        foreach (var result in results) Assert.Equal(expected, result);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NonFiniteSamplesAreRefusedAndSilenceIsAnsweredWithoutAnEmotion()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var clip = AudioLoader.Load(Files[0], classifier.FeatureSpec.ToLoadOptions()).Samples;
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var poisoned = (float[])clip.Clone();
            poisoned[20_000] = bad;
            var e = Assert.Throws<ArgumentException>(() => classifier.Classify(poisoned, 22050));
            Assert.Contains("NaN or infinite", e.Message);
        }

        // Silence is valid input, but there is nothing to tell: even odds and a flag, not a confident emotion.
        var silence = classifier.Classify(new float[55_125], 22050);
        Assert.False(silence.HasSpeech);
        Assert.Equal(Speech.SpeechStatus.NoSpeech, silence.SpeechStatus);
        Assert.All(silence.Probabilities, p => Assert.Equal(1f / 7, p));
        Assert.Equal("no speech", silence.ToString());
    }

    [RequiresFact(Requirement.SharedData)]
    public void DisposedClassifierRefusesWork()
    {
        var classifier = EmotionClassifier.Load(model.Path);
        classifier.Dispose();
        Assert.Throws<ObjectDisposedException>(() => classifier.Classify(Files[0]));
        Assert.Throws<ObjectDisposedException>(() => classifier.Classify(new float[100], 22050));
        Assert.Throws<ObjectDisposedException>(() => classifier.CreateLiveClassifier(16000));
        classifier.Dispose(); // twice is fine
    }

    [RequiresFact(Requirement.SharedData)]
    public void DefaultModelIsTheCrossValidatedUtteranceEnsembleWithinItsSizeBudget()
    {
        using var classifier = EmotionClassifier.LoadDefault();
        Assert.Equal(ExecutionProvider.Cpu, classifier.ExecutionProvider);
        Assert.Equal(Features.FeatureSpec.Utterance, classifier.FeatureSpec);
        var provenance = classifier.Model.Provenance;
        Assert.Equal("speaker-folds:5", provenance["split"]);
        Assert.Equal("utterance", provenance["model"]);
        // Two runs of the recipe (seeds 42 and 7) over the same five folds, joined by EnsembleCombiner: ten fold models.
        Assert.Equal("ensemble of 10 members combined from 2 models: ensemble of the 5 fold models", provenance["trainedOn"]);
        Assert.Equal("42,7", provenance["seed"]);
        // The model card quotes the cross-validation line the model carries, so the two cannot drift apart.
        var card = File.ReadAllText(Path.Combine(SharedData.Root, "docs", "model-card.md"));
        Assert.Contains(provenance["metrics"], card);
        using var resource = DefaultModel.Open();
        Assert.InRange(resource.Length, 1, 5 * 1024 * 1024);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DefaultModelReproducesWhatItLearntThroughTheWholeInferencePath()
    {
        // Every actor trained eight of the shipped ensemble's ten members, so these clips measure fit, not generalisation (the model card's
        // cross-validation does that); a wrong layout, scaler or graph anywhere on the inference path collapses the fit.
        using var classifier = EmotionClassifier.LoadDefault();
        var clips = EmotionRecognition.Data.Corpus.Load(SharedData.Ravdess).Where((_, i) => i % 3 == 0).ToList();
        var predictions = classifier.ClassifyBatch(clips.Select(c => c.Path).ToList());
        var accuracy = clips.Zip(predictions).Count(p => p.First.Emotion == p.Second.Emotion) / (double)clips.Count;
        Assert.True(accuracy > 0.75, $"accuracy on training actors {accuracy:P1}");
        Assert.Equal(7, predictions.Select(p => p.Emotion).Distinct().Count());
    }

    [RequiresFact(Requirement.SharedData)]
    public void ModelsWhoseLabelsAreNotTheSevenEmotionsAreRefused()
    {
        var ml = new MLContext(seed: 1);
        var reordered = EmotionLabels.All.Reverse().ToArray();
        var relabelled = EmotionModel.Create(model.Model.OnnxModel, model.Model.FeatureSpec, reordered, model.Model.LoadScaler(ml), ml,
            model.Model.Provenance);
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(relabelled));
        Assert.Contains("[surprise, sad, neutral, happy, fear, disgust, angry] are not the seven emotions", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void MlNetPipelineEqualsTheClassifier()
    {
        var ml = new MLContext(seed: 1);
        var files = Files.Take(6).ToArray();
        var data = ml.Data.LoadFromEnumerable(files.Select(f => new Pipeline.AudioPathRow { Path = f }));
        var output = model.Model.CreatePipeline(ml).Transform(data);
        var probabilities = output.GetColumn<float[]>("Probabilities").ToArray();
        var labels = output.GetColumn<string>("PredictedLabel").ToArray();
        using var classifier = EmotionClassifier.Load(model.Model);
        for (var f = 0; f < files.Length; f++)
        {
            var expected = classifier.Classify(files[f]);
            for (var c = 0; c < EmotionLabels.Count; c++) Assert.Equal(expected.Probabilities[c], probabilities[f][c], 1e-6);
            Assert.Equal(expected.Emotion.ToLabel(), labels[f]);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheDefaultUtteranceModelsPipelineEqualsTheClassifier()
    {
        var ml = new MLContext(seed: 1);
        using var classifier = EmotionClassifier.LoadDefault();
        Assert.True(classifier.FeatureSpec.IsVariableLength);
        var files = SharedData.RavdessFiles().Where((_, i) => i % 150 == 7).ToArray();
        var data = ml.Data.LoadFromEnumerable(files.Select(f => new Pipeline.AudioPathRow { Path = f }));
        var output = classifier.Model.CreatePipeline(ml).Transform(data);
        var probabilities = output.GetColumn<float[]>("Probabilities").ToArray();
        var labels = output.GetColumn<string>("PredictedLabel").ToArray();
        Assert.Equal(8, files.Length);
        for (var f = 0; f < files.Length; f++)
        {
            var expected = classifier.Classify(files[f]);
            for (var c = 0; c < EmotionLabels.Count; c++) Assert.Equal(expected.Probabilities[c], probabilities[f][c], 1e-6);
            Assert.Equal(expected.Emotion.ToLabel(), labels[f]);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void MlNetPipelineSavesAndLoadsWithEveryStepAndTheSameOutput()
    {
        var ml = new MLContext(seed: 1);
        ml.ComponentCatalog.RegisterAssembly(typeof(EmotionClassifier).Assembly);
        var data = ml.Data.LoadFromEnumerable(Files.Take(4).Select(f => new Pipeline.AudioPathRow { Path = f }));
        var pipeline = model.Model.CreatePipeline(ml);
        using var saved = new MemoryStream();
        ml.Model.Save(pipeline, data.Schema, saved);
        saved.Position = 0;

        var other = new MLContext(seed: 2);
        other.ComponentCatalog.RegisterAssembly(typeof(EmotionClassifier).Assembly);
        var loaded = other.Model.Load(saved, out _);
        var expected = pipeline.Transform(data);
        var actual = loaded.Transform(data);
        Assert.Equal(expected.GetColumn<float[]>("Probabilities").ToArray(), actual.GetColumn<float[]>("Probabilities").ToArray());
        Assert.Equal(expected.GetColumn<string>("PredictedLabel").ToArray(), actual.GetColumn<string>("PredictedLabel").ToArray());
    }
}
