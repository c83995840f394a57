namespace EmotionRecognition.Data;

/// <summary>One training/test division of the clips.</summary>
/// <param name="Index">The fold number, from 0.</param>
/// <param name="Train">Clips to train on (augmentation applies to these only).</param>
/// <param name="Test">Clips to test on, by speakers absent from <paramref name="Train"/>.</param>
public sealed record DataFold(int Index, IReadOnlyList<LabeledClip> Train, IReadOnlyList<LabeledClip> Test);

/// <summary>Divides clips by speaker, and rows at random for the original project's protocol.</summary>
public static class DataSplitter
{
    /// <summary>Divides clips by speaker according to a speaker-independent protocol.</summary>
    /// <param name="clips">The clips; every clip needs a speaker.</param>
    /// <param name="protocol"><see cref="SplitProtocol.SpeakerFolds"/> or <see cref="SplitProtocol.Holdout"/>.</param>
    /// <param name="seed">Seeds the assignment of speakers to folds.</param>
    /// <returns>One fold for a hold-out, K for speaker folds.</returns>
    /// <exception cref="ArgumentException">A clip has no speaker, a fold would be empty, or the protocol splits rows.</exception>
    public static IReadOnlyList<DataFold> Split(IReadOnlyList<LabeledClip> clips, SplitProtocol protocol, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(protocol);
        if (clips.FirstOrDefault(c => c.Speaker is null) is { } anonymous)
            throw new ArgumentException(
                $"{anonymous.Path} has no speaker, so a speaker-independent split is impossible. Use a CSV manifest with a speaker column.",
                nameof(clips));
        return protocol switch
        {
            SplitProtocol.SpeakerFolds folds => SpeakerFolds(clips, folds.K, seed),
            SplitProtocol.Holdout holdout => [Holdout(clips, holdout.TestSpeakers)],
            _ => throw new ArgumentException("seed-random splits augmented rows, not clips: use SplitRows after augmentation.", nameof(protocol)),
        };
    }

    /// <summary>
    /// The original project's row split: a seeded shuffle of row indices, the first <c>testFraction</c> of them tested.
    /// See <see cref="SplitProtocol.LeakWarning"/>.
    /// </summary>
    /// <param name="rowCount">How many rows (clips times augmented copies) there are.</param>
    /// <param name="testFraction">The share of rows tested.</param>
    /// <param name="seed">Seeds the shuffle.</param>
    public static (int[] Train, int[] Test) SplitRows(int rowCount, double testFraction, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), "must be between 0 and 1");
        var order = Enumerable.Range(0, rowCount).ToArray();
        new Random(seed).Shuffle(order);
        var testCount = (int)Math.Round(rowCount * testFraction);
        return (order[testCount..], order[..testCount]);
    }

    private static DataFold[] SpeakerFolds(IReadOnlyList<LabeledClip> clips, int k, int seed)
    {
        var speakers = clips.Select(c => c.Speaker!).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (speakers.Length < k)
            throw new ArgumentException($"{k} speaker folds need at least {k} speakers; the clips have {speakers.Length}.", nameof(k));
        new Random(seed).Shuffle(speakers);
        var foldOf = speakers.Select((s, i) => (s, i % k)).ToDictionary(p => p.s, p => p.Item2);
        return Enumerable.Range(0, k)
            .Select(f => new DataFold(f,
                clips.Where(c => foldOf[c.Speaker!] != f).ToArray(),
                clips.Where(c => foldOf[c.Speaker!] == f).ToArray()))
            .ToArray();
    }

    private static DataFold Holdout(IReadOnlyList<LabeledClip> clips, IReadOnlyList<string> testSpeakers)
    {
        bool IsTest(string speaker) => testSpeakers.Any(id => speaker == id || speaker.EndsWith(":" + id, StringComparison.Ordinal));
        var test = clips.Where(c => IsTest(c.Speaker!)).ToArray();
        var train = clips.Where(c => !IsTest(c.Speaker!)).ToArray();
        if (test.Length == 0 || train.Length == 0)
            throw new ArgumentException($"Holding out {string.Join(",", testSpeakers)} leaves {(test.Length == 0 ? "no test" : "no training")} clips.", nameof(testSpeakers));
        return new DataFold(0, train, test);
    }
}
