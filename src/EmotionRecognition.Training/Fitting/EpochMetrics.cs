namespace EmotionRecognition.Training;

/// <summary>What one epoch of training achieved.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's training batches (dropout active, weights changing).</param>
/// <param name="TrainAccuracy">Fraction of training rows classified correctly during the epoch.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation rows after the epoch; NaN without validation data.</param>
/// <param name="ValidationAccuracy">Fraction of validation rows classified correctly; NaN without validation data.</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Elapsed">Time since training started, at the end of this epoch.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    TimeSpan Elapsed);
