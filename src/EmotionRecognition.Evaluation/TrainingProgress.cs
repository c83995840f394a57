namespace EmotionRecognition.Training;

/// <summary>A step of a training session or an evaluation: one named task and how far it has come.</summary>
/// <param name="Task">What is running, e.g. <c>fold 1/5: features</c> or <c>fold 1/5: epochs</c>.</param>
/// <param name="Done">Units finished (clips, epochs).</param>
/// <param name="Total">Units in all.</param>
/// <param name="Detail">A human-readable line about the latest unit, if any (e.g. an epoch's losses).</param>
public readonly record struct TrainingProgress(string Task, int Done, int Total, string? Detail = null)
{
    /// <summary>A log line: <c>fold 1/5: epochs: 3/30 (epoch 3: loss 1.21 …)</c>, or <c>task: detail</c> for a message.</summary>
    public override string ToString() => Total == 0 ? $"{Task}: {Detail}" : Detail is null ? $"{Task}: {Done}/{Total}" : $"{Task}: {Done}/{Total} ({Detail})";
}
