namespace EmotionRecognition;

/// <summary>
/// Thrown when a model file cannot be used: it is not a model, is damaged (an entry's checksum does not match),
/// comes from an unsupported format version, or its parts disagree (e.g. the ONNX output does not have one value per label).
/// </summary>
public sealed class EmotionModelLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The model file name or stream label.</param>
    /// <param name="problem">What is wrong, in a sentence.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public EmotionModelLoadException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        ModelSource = source;
        Problem = problem;
    }

    /// <summary>The model file name or stream label.</summary>
    public string ModelSource { get; }

    /// <summary>What is wrong, without the source prefix.</summary>
    public string Problem { get; }
}
