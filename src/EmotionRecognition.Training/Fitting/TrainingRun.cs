using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>The state of one <see cref="Trainer.Train"/> call: epoch loop, plateau counters and the best weights.</summary>
internal sealed class TrainingRun(
    TrainerOptions options,
    nn.Module<Tensor, Tensor> model,
    LabeledTensors train,
    LabeledTensors? validation,
    IProgress<EpochMetrics>? epochProgress,
    IProgress<BatchMetrics>? batchProgress)
{
    private readonly List<EpochMetrics> _epochs = [];
    private readonly Random _shuffler = new(options.Seed);
    private readonly Stopwatch _clock = new();
    private double _learningRate = options.LearningRate;
    private (double Accuracy, double Loss) _best = (double.NegativeInfinity, double.PositiveInfinity);
    private int _bestEpoch;
    private int _epochsSinceBest;
    private int _epochsSinceLearningRateChange;

    public TrainingHistory Execute(CancellationToken cancellationToken)
    {
        using var optimizer = optim.Adam(model.parameters(), options.LearningRate, eps: options.AdamEpsilon);
        using var best = new WeightSnapshot();
        var order = Enumerable.Range(0, train.Count).Select(i => (long)i).ToArray();
        var stoppedEarly = false;
        _clock.Start();
        for (var epoch = 1; epoch <= options.MaxEpochs && !stoppedEarly; epoch++)
        {
            var (trainLoss, trainAccuracy) = TrainEpoch(optimizer, order, epoch, cancellationToken);
            if (options.RecalibrateBatchNorm)
                BatchNormRecalibration.Run(model, train.Features, options.BatchSize);
            var (validationLoss, validationAccuracy) = validation is null ? (double.NaN, double.NaN) : Validate(validation);
            var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, _learningRate, _clock.Elapsed);
            _epochs.Add(metrics);
            var monitored = validation is null ? (double.NaN, trainLoss) : (validationAccuracy, validationLoss);
            stoppedEarly = EndEpoch(metrics, monitored, optimizer, best);
            epochProgress?.Report(metrics);
        }
        if (!best.IsEmpty)
            best.Restore(model);
        model.eval();
        return new TrainingHistory(_epochs.ToArray(), _bestEpoch, stoppedEarly);
    }

    private (double Loss, double Accuracy) TrainEpoch(optim.Optimizer optimizer, long[] order, int epoch, CancellationToken cancellationToken)
    {
        Batching.Shuffle(order, _shuffler);
        var batchCount = Batching.Count(order.Length, options.BatchSize);
        double lossSum = 0;
        long correct = 0;
        var batch = 0;
        model.train();
        foreach (var (start, length) in Batching.Ranges(order.Length, options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var rows = torch.tensor(order.AsSpan((int)start, (int)length).ToArray());
            var (loss, batchCorrect) = Trainer.Step(
                model, optimizer, train.Features.index_select(0, rows), train.Labels!.index_select(0, rows));
            lossSum += loss * length;
            correct += batchCorrect;
            batchProgress?.Report(new BatchMetrics(epoch, ++batch, batchCount, loss, (double)batchCorrect / length));
        }
        return (lossSum / order.Length, (double)correct / order.Length);
    }

    private (double Loss, double Accuracy) Validate(LabeledTensors data)
    {
        var (lossSum, correct) = Trainer.Evaluate(model, data, options.BatchSize);
        return (lossSum / data.Count, (double)correct / data.Count);
    }

    /// <summary>Keeps the best weights, applies the plateau rules; returns whether to stop.</summary>
    private bool EndEpoch(EpochMetrics metrics, (double Accuracy, double Loss) monitored, optim.Optimizer optimizer, WeightSnapshot best)
    {
        if (IsBetter(monitored))
        {
            _best = monitored;
            _bestEpoch = metrics.Epoch;
            _epochsSinceBest = 0;
            _epochsSinceLearningRateChange = 0;
            best.Capture(model);
            SaveCheckpoint();
            return false;
        }
        _epochsSinceBest++;
        if (++_epochsSinceLearningRateChange >= options.LearningRatePatience)
        {
            _learningRate *= options.LearningRateFactor;
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = _learningRate;
            _epochsSinceLearningRateChange = 0;
        }
        return _epochsSinceBest >= options.EarlyStoppingPatience;
    }

    private bool IsBetter((double Accuracy, double Loss) value) =>
        options.Monitor == TrainingMonitor.ValidationAccuracy && !double.IsNaN(value.Accuracy)
            ? value.Accuracy > _best.Accuracy || (value.Accuracy == _best.Accuracy && value.Loss < _best.Loss)
            : value.Loss < _best.Loss;

    private void SaveCheckpoint()
    {
        if (options.CheckpointPath is not { } path)
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        model.save(path);
    }
}
