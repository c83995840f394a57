using EmotionRecognition.Training.Networks;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace EmotionRecognition.Training.Tests.Training;

public sealed class TrainerTests(ITestOutputHelper output)
{
    // The trainer's mechanics do not depend on the row width, so most tests use short rows to stay fast; learning
    // is checked at the full seed width.
    internal const int Width = 300;
    private static readonly GaussianBlobs Blobs = new(classes: 7, Width, separation: 0.3, seed: 5);
    private static readonly (float[][] Rows, int[] Labels) Train = Blobs.Sample(perClass: 30);
    private static readonly (float[][] Rows, int[] Labels) Validation = Blobs.Sample(perClass: 10);

    private static TrainerOptions Quick => new() { BatchSize = 32, MaxEpochs = 3, Seed = 1 };

    [Fact]
    public void Learns_separable_blobs_within_a_few_epochs()
    {
        var blobs = new GaussianBlobs(classes: 7, ModelFactory.SeedFeatureLength, separation: 0.5, seed: 6);
        var (train, validation) = (blobs.Sample(perClass: 12), blobs.Sample(perClass: 2));
        using var model = ModelFactory.Create(ModelKind.Compact, seed: 1);
        var history = new Trainer(Quick with { BatchSize = 16 }).Train(model, train.Rows, train.Labels, validation.Rows, validation.Labels);

        foreach (var e in history.Epochs) output.WriteLine(e.ToString());
        Assert.Equal(3, history.Epochs.Count);
        Assert.True(history.Epochs[^1].TrainAccuracy > 0.6, $"train accuracy {history.Epochs[^1].TrainAccuracy}");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Same_seed_repeats_the_history_and_another_seed_does_not()
    {
        var first = TrainTwoEpochs(seed: 7);
        var second = TrainTwoEpochs(seed: 7);
        var other = TrainTwoEpochs(seed: 8);

        Assert.Equal(Curves(first), Curves(second));
        Assert.NotEqual(Curves(first), Curves(other));
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch_and_halves_the_learning_rate_on_plateaus()
    {
        // Validation rows labelled with the next class: the better the model fits the training rows, the worse the
        // validation loss, so it bottoms out early and then rises.
        var misleading = Validation.Labels.Select(l => (l + 1) % Blobs.Classes).ToArray();
        var checkpoint = Path.Combine(TestData.SharedData.NewTempDirectory("trainer"), "best.bin");
        var options = Quick with { MaxEpochs = 12, EarlyStoppingPatience = 3, LearningRatePatience = 1, CheckpointPath = checkpoint };
        using var model = Small(seed: 2);

        var history = new Trainer(options).Train(model, Train.Rows, Train.Labels, Validation.Rows, misleading);

        foreach (var e in history.Epochs) output.WriteLine(e.ToString());
        Assert.True(history.StoppedEarly);
        Assert.Equal(history.BestEpoch + options.EarlyStoppingPatience, history.Epochs.Count);
        var best = history.Epochs[history.BestEpoch - 1];
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss), best.ValidationLoss);
        Assert.Equal(best.ValidationLoss, CrossEntropy(Trainer.PredictProbabilities(model, Validation.Rows), misleading), 4);

        AssertLearningRateFollowsPlateaus(history, options);
        Assert.Contains(history.Epochs, e => e.LearningRate < options.LearningRate);

        using var reloaded = Small(seed: 99);
        reloaded.load(checkpoint);
        Assert.Equal(Trainer.PredictProbabilities(model, Validation.Rows), Trainer.PredictProbabilities(reloaded, Validation.Rows));
    }

    [Fact]
    public void Accuracy_monitor_keeps_the_epoch_with_the_highest_validation_accuracy()
    {
        var options = Quick with { MaxEpochs = 8, EarlyStoppingPatience = 3, LearningRatePatience = 2, Monitor = TrainingMonitor.ValidationAccuracy };
        using var model = Small(seed: 4);

        var history = new Trainer(options).Train(model, Train.Rows, Train.Labels, Validation.Rows, Validation.Labels);

        foreach (var e in history.Epochs) output.WriteLine(e.ToString());
        var top = history.Epochs.Max(e => e.ValidationAccuracy);
        var expected = history.Epochs.Where(e => e.ValidationAccuracy == top).MinBy(e => e.ValidationLoss)!;
        Assert.Equal(expected.Epoch, history.BestEpoch);
        var predicted = Trainer.PredictProbabilities(model, Validation.Rows).Chunk(7)
            .Select(p => Array.IndexOf(p, p.Max())).ToArray();
        Assert.Equal(top, predicted.Zip(Validation.Labels).Average(pair => pair.First == pair.Second ? 1.0 : 0.0), 6);
    }

    [Fact]
    public void Cancellation_stops_before_the_next_batch()
    {
        using var model = Small(seed: 3);
        using var cancellation = new CancellationTokenSource();
        var batches = new List<BatchMetrics>();
        var progress = new Inline<BatchMetrics>(b => { batches.Add(b); cancellation.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Quick).Train(
            model, Train.Rows, Train.Labels, batchProgress: progress, cancellationToken: cancellation.Token));
        Assert.Single(batches);
    }

    [Fact]
    public void Reports_every_batch_and_epoch()
    {
        using var model = Small(seed: 4);
        var batches = new List<BatchMetrics>();
        var epochs = new List<EpochMetrics>();

        var history = new Trainer(Quick with { MaxEpochs = 2 }).Train(
            model, Train.Rows, Train.Labels, epochProgress: new Inline<EpochMetrics>(epochs.Add), batchProgress: new Inline<BatchMetrics>(batches.Add));

        // 210 rows in batches of 32: six full batches and one of 18.
        Assert.Equal(2 * 7, batches.Count);
        Assert.All(batches, b => Assert.Equal(7, b.BatchCount));
        Assert.Equal(history.Epochs, epochs);
        Assert.All(epochs, e => Assert.True(double.IsNaN(e.ValidationLoss)));
        Assert.True(epochs[1].Elapsed > epochs[0].Elapsed);
    }

    [Fact]
    public void Predicts_one_probability_distribution_per_row()
    {
        using var model = Small(seed: 5);
        var rows = Validation.Rows.Take(5).ToArray();

        var probabilities = Trainer.PredictProbabilities(model, rows);

        Assert.Equal(5 * 7, probabilities.Length);
        Assert.All(probabilities.Chunk(7), p => Assert.Equal(1.0, p.Sum(), 5));
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Predicts_across_batches_as_row_by_row()
    {
        using var model = Small(seed: 6);
        var rows = new GaussianBlobs(classes: 7, Width, separation: 0.3, seed: 10).Sample(perClass: 40).Rows; // more than one prediction batch

        var all = Trainer.PredictProbabilities(model, rows);

        Assert.Equal(280 * 7, all.Length);
        foreach (var row in new[] { 0, 255, 256, 279 })
            Assert.Equal(Trainer.PredictProbabilities(model, [rows[row]]), all.AsSpan(row * 7, 7).ToArray(), new Tolerance(1e-6f));
    }

    [Fact]
    public void Rejects_mismatched_inputs()
    {
        using var model = Small(seed: 0);
        var trainer = new Trainer(Quick);

        Assert.Throws<ArgumentException>(() => trainer.Train(model, Train.Rows, Train.Labels.Skip(1).ToArray()));
        Assert.Throws<ArgumentException>(() => trainer.Train(model, Train.Rows, Train.Labels, Validation.Rows));
        Assert.Throws<ArgumentException>(() => trainer.Train(model, [new float[3], new float[4]], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainerOptions { BatchSize = 1 }));
    }

    internal static TorchSharp.Modules.Sequential Small(int seed) => ModelFactory.Create(ModelKind.Compact, Width, seed: seed);

    private static TrainingHistory TrainTwoEpochs(int seed)
    {
        using var model = Small(seed: 21);
        var small = Train.Rows.Take(70).ToArray();
        return new Trainer(Quick with { MaxEpochs = 2, Seed = seed })
            .Train(model, small, Train.Labels.Take(70).ToArray(), Validation.Rows, Validation.Labels);
    }

    private static double[] Curves(TrainingHistory history) =>
        history.Epochs.SelectMany(e => new[] { e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy }).ToArray();

    private static double CrossEntropy(float[] probabilities, int[] labels) =>
        labels.Select((label, row) => -Math.Log(probabilities[row * 7 + label])).Average();

    /// <summary>Replays the documented plateau rule over the recorded validation losses.</summary>
    private static void AssertLearningRateFollowsPlateaus(TrainingHistory history, TrainerOptions options)
    {
        var expected = options.LearningRate;
        var best = double.PositiveInfinity;
        var stale = 0;
        foreach (var epoch in history.Epochs)
        {
            Assert.Equal(expected, epoch.LearningRate, 12);
            if (epoch.ValidationLoss < best)
            {
                best = epoch.ValidationLoss;
                stale = 0;
            }
            else if (++stale == options.LearningRatePatience)
            {
                expected *= options.LearningRateFactor;
                stale = 0;
            }
        }
    }

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(float obj) => 0;
    }

    /// <summary>Reports synchronously (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
