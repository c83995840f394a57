using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

/// <summary>Per-file results: every input gets its prediction or its own error, in order, and the good ones match <c>Classify</c>.</summary>
[Collection(TestModelCollection.Name)]
public class FileClassificationTests(TestModel model)
{
    private static readonly Lazy<EmotionClassifier> Default = new(() => EmotionClassifier.LoadDefault());

    [RequiresFact(Requirement.SharedData)]
    public void EveryFileGetsItsPredictionOrItsErrorInOrder()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var truncated = Path.Combine(model.Directory, "batch-truncated.flac");
        File.WriteAllBytes(truncated, File.ReadAllBytes(model.TrainingFiles[0])[..100]);
        var missing = Path.Combine(model.Directory, "missing.flac");
        // More files than one batch, with the bad ones inside the first and the second batch.
        var paths = model.TrainingFiles.Concat(model.TrainingFiles).Take(40).ToList();
        paths.Insert(3, truncated);
        paths.Insert(37, missing);

        var results = classifier.ClassifyFiles(paths);

        Assert.Equal(paths, results.Select(r => r.Path));
        Assert.IsAssignableFrom<AudioFormatException>(results[3].Error);
        Assert.Contains("batch-truncated.flac", results[3].Error!.Message);
        Assert.IsAssignableFrom<IOException>(results[37].Error);
        for (var i = 0; i < paths.Count; i++)
        {
            if (i is 3 or 37) continue;
            Assert.True(results[i].Succeeded, results[i].ToString());
            var expected = classifier.Classify(paths[i]);
            Assert.Equal(expected.Emotion, results[i].Prediction!.Emotion);
            for (var c = 0; c < EmotionLabels.Count; c++)
                Assert.Equal(expected.Probabilities[c], results[i].Prediction!.Probabilities[c], 1e-5);
        }
        Assert.Equal($"{truncated}\terror: {results[3].Error!.Message}", results[3].ToString());
        Assert.Equal($"{paths[0]}\t{results[0].Prediction}", results[0].ToString());
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task TheDefaultModelGivesPerFileResultsSyncAndAsyncEqualToClassify()
    {
        var classifier = Default.Value;
        var actor = Directory.GetFiles(Path.Combine(SharedData.Ravdess, "Actor_03"), "*.flac").Order(StringComparer.Ordinal).Take(10).ToList();
        var bad = Path.Combine(model.Directory, "batch-not-audio.wav");
        File.WriteAllText(bad, "not audio");
        actor.Insert(5, bad);

        var sync = classifier.ClassifyFiles(actor);
        var async = new List<FileClassification>();
        await foreach (var result in classifier.ClassifyFilesAsync(actor))
            async.Add(result);

        Assert.Equal(actor, async.Select(r => r.Path));
        Assert.False(sync[5].Succeeded);
        Assert.False(async[5].Succeeded);
        for (var i = 0; i < actor.Count; i++)
        {
            if (i == 5) continue;
            var expected = classifier.Classify(actor[i]);
            Assert.Equal(expected.Probabilities, sync[i].Prediction!.Probabilities);
            Assert.Equal(expected.Probabilities, async[i].Prediction!.Probabilities);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheAllOrNothingBatchStillThrowsTheFilesOwnError()
    {
        using var classifier = EmotionClassifier.Load(model.Path);
        var bad = Path.Combine(model.Directory, "batch-bad.wav");
        File.WriteAllText(bad, "not audio");
        var e = Assert.ThrowsAny<AudioFormatException>(() => classifier.ClassifyBatch([model.TrainingFiles[0], bad]));
        Assert.Contains("batch-bad.wav", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void OnePredictionHasOneTextForm()
    {
        var prediction = Default.Value.Classify(Path.Combine(SharedData.Ravdess, "Actor_20", "03-01-05-02-01-01-20.flac"));
        var top = prediction.Top(3);
        string Format((Emotion Emotion, float Probability) t) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Emotion.ToLabel()} {t.Probability * 100:F1}%");
        Assert.Equal($"{Format(top[0])} ({Format(top[1])}, {Format(top[2])})", prediction.ToString());
        Assert.Equal(prediction.ToString(), prediction.ToString(3));
        Assert.Equal(Format(top[0]), prediction.ToString(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => prediction.ToString(0));
    }
}
