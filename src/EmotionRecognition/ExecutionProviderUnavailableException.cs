namespace EmotionRecognition;

/// <summary>
/// Thrown when the requested <see cref="ExecutionProvider"/> cannot run here and
/// <see cref="EmotionClassifierOptions.FallbackToCpu"/> is off: the CPU build of ONNX Runtime is loaded (reference
/// <c>EmotionRecognition.Gpu</c> instead of <c>EmotionRecognition</c>), or CUDA/cuDNN libraries are missing.
/// </summary>
public sealed class ExecutionProviderUnavailableException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="requested">The provider that was asked for.</param>
    /// <param name="missingLibraries">The native libraries the loader could not find (may be empty).</param>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">ONNX Runtime's own error.</param>
    public ExecutionProviderUnavailableException(ExecutionProvider requested, IReadOnlyList<string> missingLibraries, string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Requested = requested;
        MissingLibraries = missingLibraries;
    }

    /// <summary>The provider that was asked for.</summary>
    public ExecutionProvider Requested { get; }

    /// <summary>The native libraries (e.g. <c>libcudart.so.13</c>, <c>libcudnn.so.9</c>) the loader could not find here.</summary>
    public IReadOnlyList<string> MissingLibraries { get; }
}
