namespace EmotionRecognition.Training;

/// <summary>The validation figure that decides the best epoch, learning-rate reductions and early stopping.</summary>
public enum TrainingMonitor
{
    /// <summary>Lowest validation loss (the original's choice).</summary>
    ValidationLoss,

    /// <summary>
    /// Highest validation accuracy, ties broken by the lower loss. Loss rises as soon as a network grows over-confident on a
    /// few unseen voices while its accuracy still climbs, so on small speaker-independent validation sets accuracy stops later and better.
    /// </summary>
    ValidationAccuracy,
}
