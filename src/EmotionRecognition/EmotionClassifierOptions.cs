using EmotionRecognition.Inference;

namespace EmotionRecognition;

/// <summary>How an <see cref="EmotionClassifier"/> runs its model.</summary>
public sealed record EmotionClassifierOptions
{
    /// <summary>The settings used when none are given: CPU, ONNX Runtime's default threading, warnings dropped.</summary>
    public static EmotionClassifierOptions Default { get; } = new();

    /// <summary>Where to run the model; <see cref="ExecutionProvider.Cpu"/> by default.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>
    /// When the requested provider is not available (e.g. CUDA with the CPU-only runtime), run on the CPU and say so through
    /// <see cref="OnWarning"/> instead of throwing. On by default.
    /// </summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>Threads ONNX Runtime may use inside one model run; <see langword="null"/> keeps its default (all cores).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>Told about anything that works but not as asked, such as a fallback to the CPU.</summary>
    public Action<string>? OnWarning { get; init; }
}
