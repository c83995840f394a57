using System.Diagnostics.CodeAnalysis;

namespace EmotionRecognition;

/// <summary>What became of one file of a batch: its prediction, or the reason it could not be classified.</summary>
/// <remarks>Returned by <see cref="EmotionClassifier.ClassifyFiles"/> and <see cref="EmotionClassifier.ClassifyFilesAsync"/>, one per input, in order.</remarks>
public sealed class FileClassification
{
    private FileClassification(string path, EmotionPrediction? prediction, Exception? error)
    {
        Path = path;
        Prediction = prediction;
        Error = error;
    }

    /// <summary>The file, as given.</summary>
    public string Path { get; }

    /// <summary>The prediction; <see langword="null"/> when the file failed.</summary>
    public EmotionPrediction? Prediction { get; }

    /// <summary>Why the file could not be classified (e.g. an <see cref="Audio.AudioFormatException"/>); <see langword="null"/> on success.</summary>
    public Exception? Error { get; }

    /// <summary>True when <see cref="Prediction"/> is set, false when <see cref="Error"/> is.</summary>
    [MemberNotNullWhen(true, nameof(Prediction))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Prediction is not null;

    internal static FileClassification Classified(string path, EmotionPrediction prediction) => new(path, prediction, null);

    internal static FileClassification Failed(string path, Exception error) => new(path, null, error);

    /// <summary>The path, a tab, then the prediction (<see cref="EmotionPrediction.ToString()"/>) or <c>error: </c> and the reason.</summary>
    public override string ToString() => Succeeded ? $"{Path}\t{Prediction}" : $"{Path}\terror: {Error.Message}";
}
