using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Inference;

/// <summary>
/// The <see cref="RunOptions"/> of one graph run. A cancellable token gets options of its own whose <c>Terminate</c> flag it sets,
/// so ONNX Runtime stops the run between kernels; an uncancellable one shares a single instance, which nothing ever terminates.
/// </summary>
internal readonly struct CancellableRun : IDisposable
{
    private static readonly RunOptions Shared = new();

    private readonly CancellationTokenRegistration _registration;
    private readonly bool _owned;

    private CancellableRun(RunOptions options, CancellationTokenRegistration registration, bool owned)
    {
        Options = options;
        _registration = registration;
        _owned = owned;
    }

    /// <summary>The options to pass to <c>InferenceSession.Run</c>.</summary>
    internal RunOptions Options { get; }

    /// <summary>Options for one run that <paramref name="cancellationToken"/> can terminate.</summary>
    /// <exception cref="OperationCanceledException">The token is already cancelled.</exception>
    internal static CancellableRun Start(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled) return new CancellableRun(Shared, default, owned: false);
        var options = new RunOptions();
        var registration = cancellationToken.UnsafeRegister(static state => ((RunOptions)state!).Terminate = true, options);
        return new CancellableRun(options, registration, owned: true);
    }

    /// <summary>Unregisters first (waiting for a callback in flight), so the flag is never set on freed native options.</summary>
    public void Dispose()
    {
        if (!_owned) return;
        _registration.Dispose();
        Options.Dispose();
    }
}
