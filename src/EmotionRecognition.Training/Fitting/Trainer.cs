using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>
/// Trains a classifier on already-scaled feature rows: Adam on cross-entropy of logits, shuffled mini-batches,
/// early stopping with the best weights restored, and learning-rate halving on a validation-loss plateau.
/// </summary>
/// <remarks>
/// Runs are repeatable: the same options, data and initial weights give the same history. Torch's random
/// generator is process-wide, so do not train or create models on other threads during a run.
/// </remarks>
public sealed class Trainer
{
    private const int PredictionBatchSize = 256;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    public Trainer(TrainerOptions? options = null)
    {
        Options = options ?? new TrainerOptions();
        Options.Validate();
    }

    /// <summary>The settings in use.</summary>
    public TrainerOptions Options { get; }

    /// <summary>
    /// Trains <paramref name="model"/> in place and leaves it holding the weights of its best epoch, in eval mode.
    /// </summary>
    /// <param name="model">A model mapping <c>[batch, features]</c> to logits <c>[batch, classes]</c>.</param>
    /// <param name="trainFeatures">Training rows, all of one length.</param>
    /// <param name="trainLabels">Class index (0-based) of each training row.</param>
    /// <param name="validationFeatures">Rows that steer early stopping and the learning rate; <see langword="null"/> to steer by the training loss.</param>
    /// <param name="validationLabels">Class index of each validation row; required with <paramref name="validationFeatures"/>.</param>
    /// <param name="epochProgress">Told after every epoch.</param>
    /// <param name="batchProgress">Told after every optimisation step.</param>
    /// <param name="cancellationToken">Checked before every batch; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The per-epoch history.</returns>
    public TrainingHistory Train(
        nn.Module<Tensor, Tensor> model,
        IReadOnlyList<float[]> trainFeatures,
        IReadOnlyList<int> trainLabels,
        IReadOnlyList<float[]>? validationFeatures = null,
        IReadOnlyList<int>? validationLabels = null,
        IProgress<EpochMetrics>? epochProgress = null,
        IProgress<BatchMetrics>? batchProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if ((validationFeatures is null) != (validationLabels is null))
            throw new ArgumentException("Give validation features and labels together, or neither.", nameof(validationLabels));
        TorchRuntime.EnsureInitialized();
        using var train = LabeledTensors.Create(trainFeatures, trainLabels, nameof(trainFeatures));
        using var validation = validationFeatures is null
            ? null
            : LabeledTensors.Create(validationFeatures, validationLabels, nameof(validationFeatures));
        if (validation is not null && validation.Width != train.Width)
            throw new ArgumentException("Validation rows must have as many features as training rows.", nameof(validationFeatures));
        if (train.Count < 2)
            throw new ArgumentException("Training needs at least two rows (BatchNorm needs two per batch).", nameof(trainFeatures));

        torch.manual_seed(Options.Seed);
        var run = new TrainingRun(Options, model, train, validation, epochProgress, batchProgress);
        return run.Execute(cancellationToken);
    }

    /// <summary>Class probabilities (softmax of the logits) for each row, row after row.</summary>
    /// <param name="model">A model mapping <c>[batch, features]</c> to logits <c>[batch, classes]</c>.</param>
    /// <param name="rows">Feature rows, all of one length.</param>
    /// <returns><c>rows.Count × classes</c> probabilities, row-major.</returns>
    public static float[] PredictProbabilities(nn.Module<Tensor, Tensor> model, IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorchRuntime.EnsureInitialized();
        using var inputs = LabeledTensors.Create(rows, labels: null, nameof(rows));
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            float[]? result = null;
            foreach (var (start, length) in Batching.Ranges(inputs.Count, PredictionBatchSize))
            {
                using var scope = NewDisposeScope();
                var probabilities = nn.functional.softmax(model.call(inputs.Features.narrow(0, start, length)), 1);
                var classes = probabilities.shape[1];
                result ??= new float[inputs.Count * classes];
                probabilities.data<float>().CopyTo(result, checked((int)(start * classes)));
            }
            return result!;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>One optimisation step; returns the batch's mean loss and correct count before the step.</summary>
    internal static (double Loss, long Correct) Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor features, Tensor labels)
    {
        optimizer.zero_grad();
        var logits = model.call(features);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), CountCorrect(logits, labels));
    }

    /// <summary>Summed loss and correct count over all rows, in eval mode without gradients.</summary>
    internal static (double LossSum, long Correct) Evaluate(nn.Module<Tensor, Tensor> model, LabeledTensors data, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        double lossSum = 0;
        long correct = 0;
        foreach (var (start, length) in Batching.Ranges(data.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            var labels = data.Labels!.narrow(0, start, length);
            var logits = model.call(data.Features.narrow(0, start, length));
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += CountCorrect(logits, labels);
        }
        return (lossSum, correct);
    }

    private static long CountCorrect(Tensor logits, Tensor labels)
    {
        using var _ = no_grad();
        return logits.argmax(1).eq(labels).sum().item<long>();
    }
}
