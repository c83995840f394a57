using EmotionRecognition.Data;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Data;

public class DataSplitterTests
{
    private static readonly IReadOnlyList<LabeledClip> Ravdess = Corpus.Load(SharedData.Ravdess);

    [RequiresFact(Requirement.SharedData)]
    public void SpeakerFoldsTestEverySpeakerExactlyOnceAndNeverTrainOnTestVoices()
    {
        var folds = DataSplitter.Split(Ravdess, new SplitProtocol.SpeakerFolds(5), seed: 7);
        Assert.Equal(5, folds.Count);
        foreach (var fold in folds)
        {
            var trainSpeakers = fold.Train.Select(c => c.Speaker).ToHashSet();
            Assert.DoesNotContain(fold.Test, c => trainSpeakers.Contains(c.Speaker));
            Assert.Equal(4, fold.Test.Select(c => c.Speaker).Distinct().Count());
            Assert.Equal(Ravdess.Count, fold.Train.Count + fold.Test.Count);
        }
        Assert.Equal(Ravdess.OrderBy(c => c.Path), folds.SelectMany(f => f.Test).OrderBy(c => c.Path));
        // Same seed, same folds; another seed, another assignment.
        Assert.Equal(folds[0].Test, DataSplitter.Split(Ravdess, new SplitProtocol.SpeakerFolds(5), seed: 7)[0].Test);
        Assert.NotEqual(folds[0].Test.Select(c => c.Speaker).Distinct(), DataSplitter.Split(Ravdess, new SplitProtocol.SpeakerFolds(5), seed: 8)[0].Test.Select(c => c.Speaker).Distinct());
    }

    [RequiresFact(Requirement.SharedData)]
    public void HoldoutTestsTheNamedActors()
    {
        var fold = Assert.Single(DataSplitter.Split(Ravdess, SplitProtocol.Parse("holdout:17,18,19,20")));
        Assert.Equal(240, fold.Test.Count);
        Assert.All(fold.Test, c => Assert.Contains(c.Speaker, new[] { "ravdess:17", "ravdess:18", "ravdess:19", "ravdess:20" }));
        Assert.Equal(960, fold.Train.Count);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ClipsWithoutSpeakersCannotBeSplitBySpeaker()
    {
        var clips = new[] { new LabeledClip("a.wav", Emotion.Happy, null, "folder"), new LabeledClip("b.wav", Emotion.Sad, "x", "csv") };
        var e = Assert.Throws<ArgumentException>(() => DataSplitter.Split(clips, new SplitProtocol.SpeakerFolds(2)));
        Assert.Contains("a.wav", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SeedRandomSplitsRowsAndIsFlaggedAsLeaky()
    {
        var protocol = SplitProtocol.Parse("seed-random");
        Assert.Equal(new SplitProtocol.SeedRandom(0.2), protocol);
        Assert.Throws<ArgumentException>(() => DataSplitter.Split(Ravdess, protocol));
        var (train, test) = DataSplitter.SplitRows(4800, 0.2, seed: 3);
        Assert.Equal(960, test.Length);
        Assert.Equal(Enumerable.Range(0, 4800), train.Concat(test).Order());
        Assert.Contains("both training and test", SplitProtocol.LeakWarning);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("speaker-folds:1")]
    [InlineData("speaker-folds:x")]
    [InlineData("holdout:")]
    [InlineData("random")]
    [InlineData("seed-random:1.5")]
    public void BadProtocolTextIsRejected(string text) => Assert.Throws<FormatException>(() => SplitProtocol.Parse(text));
}
