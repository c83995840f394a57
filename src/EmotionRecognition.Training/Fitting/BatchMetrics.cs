namespace EmotionRecognition.Training;

/// <summary>What one optimisation step achieved.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Batch">1-based batch number within the epoch.</param>
/// <param name="BatchCount">Batches in the epoch.</param>
/// <param name="Loss">Mean cross-entropy of the batch before the step.</param>
/// <param name="Accuracy">Fraction of the batch classified correctly before the step.</param>
public readonly record struct BatchMetrics(int Epoch, int Batch, int BatchCount, double Loss, double Accuracy);
