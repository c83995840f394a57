namespace EmotionRecognition.Training;

/// <summary>Settings of a <see cref="Trainer"/>; the defaults follow the original Keras project.</summary>
public sealed record TrainerOptions
{
    /// <summary>Rows per optimisation step. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Upper bound on epochs; early stopping may end sooner. Default 20.</summary>
    public int MaxEpochs { get; init; } = 20;

    /// <summary>Adam's initial learning rate. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam's epsilon. Default 1e-7, Keras' value (torch's own default is 1e-8).</summary>
    public double AdamEpsilon { get; init; } = 1e-7;

    /// <summary>
    /// What early stopping, learning-rate reduction and the best checkpoint follow. Default
    /// <see cref="TrainingMonitor.ValidationLoss"/> (Keras' choice); training loss when there are no validation rows.
    /// </summary>
    public TrainingMonitor Monitor { get; init; } = TrainingMonitor.ValidationLoss;

    /// <summary>
    /// Epochs without a better monitored value (see <see cref="Monitor"/>) after which training stops; the weights of the
    /// best epoch are then restored. Default 5.
    /// </summary>
    public int EarlyStoppingPatience { get; init; } = 5;

    /// <summary>Epochs without a better monitored value after which the learning rate is multiplied by <see cref="LearningRateFactor"/>. Default 3.</summary>
    public int LearningRatePatience { get; init; } = 3;

    /// <summary>Factor applied to the learning rate on a plateau. Default 0.5.</summary>
    public double LearningRateFactor { get; init; } = 0.5;

    /// <summary>Seeds torch (dropout) and the shuffling of rows; the same seed gives the same history. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>When set, the best weights so far are saved there (TorchSharp state-dict format) after every improvement. Default none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// When true, every BatchNorm layer's running statistics are recomputed over the training rows after each epoch, before
    /// validation ("precise BatchNorm"), so the eval-mode model matches its weights even after few steps. Default false (the
    /// original's behaviour); <see cref="TrainingSession"/> turns it on.
    /// </summary>
    public bool RecalibrateBatchNorm { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 2, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpochs, 1, nameof(MaxEpochs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate, nameof(LearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AdamEpsilon, nameof(AdamEpsilon));
        ArgumentOutOfRangeException.ThrowIfLessThan(EarlyStoppingPatience, 1, nameof(EarlyStoppingPatience));
        ArgumentOutOfRangeException.ThrowIfLessThan(LearningRatePatience, 1, nameof(LearningRatePatience));
        if (!Enum.IsDefined(Monitor))
            throw new ArgumentOutOfRangeException(nameof(Monitor), Monitor, "Unknown monitor.");
        if (LearningRateFactor is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(LearningRateFactor), LearningRateFactor, "Must lie in (0, 1].");
    }
}
