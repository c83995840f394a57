using EmotionRecognition.Inference;
using Microsoft.Extensions.Logging;

namespace EmotionRecognition;

/// <summary>How an <see cref="EmotionClassifier"/> runs its model.</summary>
public sealed record EmotionClassifierOptions
{
    /// <summary>
    /// The settings used when none are given: <see cref="ExecutionProvider.Default"/> (CUDA with the <c>EmotionRecognition.Gpu</c>
    /// package, else the CPU), fallback to the CPU, ONNX Runtime's default threading, warnings dropped.
    /// </summary>
    public static EmotionClassifierOptions Default { get; } = new();

    /// <summary>
    /// Where to run the model; by default <see cref="ExecutionProvider.Default"/>: <c>CUDA:0</c> in an app that references the
    /// <c>EmotionRecognition.Gpu</c> package, else <see cref="ExecutionProvider.Cpu"/>.
    /// </summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Default;

    /// <summary>
    /// When the requested provider cannot run (CUDA with the CPU build of ONNX Runtime, or CUDA/cuDNN libraries missing), run on
    /// the CPU and say why through <see cref="Logger"/> (and <see cref="OnWarning"/>), naming the missing libraries, instead of
    /// throwing a <see cref="ExecutionProviderUnavailableException"/>. On by default.
    /// </summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>Threads ONNX Runtime may use inside one model run; <see langword="null"/> keeps its default (all cores).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>
    /// The most time <see cref="EmotionClassifier.Load(string, EmotionClassifierOptions?)"/> may spend classifying its test signals
    /// (see docs/reliability.md); a graph still running then is stopped (ONNX Runtime's terminate flag) and the model refused, so no
    /// model file can hang a load. 30 s by default, far above the milliseconds a real model takes; <see cref="Timeout.InfiniteTimeSpan"/>
    /// for no limit.
    /// </summary>
    public TimeSpan LoadCheckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where warnings go: anything that works but not as asked, such as a fallback to the CPU, is logged at
    /// <see cref="LogLevel.Warning"/>. <see langword="null"/> (the default) drops them unless <see cref="OnWarning"/> is set.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>Told about anything that works but not as asked, such as a fallback to the CPU, besides <see cref="Logger"/>.</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>Sends one warning to <see cref="Logger"/> and <see cref="OnWarning"/>.</summary>
    internal void Warn(string message)
    {
        if (Logger is { } logger) ClassifierLog.Warning(logger, message);
        OnWarning?.Invoke(message);
    }
}
