using EmotionRecognition.Evaluation;

namespace EmotionRecognition.Training;

/// <summary>What one fold of a <see cref="TrainingSession"/> produced.</summary>
/// <param name="Index">The fold number, from 1.</param>
/// <param name="Report">The evaluation on the fold's test clips.</param>
/// <param name="History">The training curves.</param>
/// <param name="TrainRows">Training rows (augmented copies included).</param>
/// <param name="ValidationRows">Validation rows.</param>
/// <param name="TestRows">Test rows.</param>
public sealed record FoldResult(int Index, ClassificationReport Report, TrainingHistory History, int TrainRows, int ValidationRows, int TestRows);

/// <summary>The outcome of a <see cref="TrainingSession"/>: the deployable model and the evaluation across folds.</summary>
/// <param name="Model">The final model, ready for <see cref="EmotionModel.Save(string)"/>.</param>
/// <param name="Folds">Each fold's evaluation.</param>
/// <param name="Pooled">All folds' test predictions in one confusion matrix.</param>
/// <param name="Summary">A Markdown summary: protocol, mean ± standard deviation of WA, UA and macro-F1 over folds, pooled report.</param>
public sealed record TrainingResult(EmotionModel Model, IReadOnlyList<FoldResult> Folds, ClassificationReport Pooled, string Summary);
