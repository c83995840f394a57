using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Inference;

/// <summary>
/// Opens a classifier's ONNX Runtime session on the provider asked for, and says which provider really runs. CUDA is tried for
/// real (appending the provider and opening the session), never judged from <c>OrtEnv.GetAvailableProviders</c>, which lists CUDA
/// in the GPU build whether or not a GPU and its libraries are there.
/// </summary>
internal static class SessionFactory
{
    /// <summary>Opens the model's scorer as <paramref name="options"/> ask.</summary>
    internal static (OnnxScorer Scorer, ExecutionProvider Provider) Open(EmotionModel model, EmotionClassifierOptions options, string source) =>
        Open(options, sessionOptions => new OnnxScorer(model, sessionOptions, source),
            (sessionOptions, deviceId) => sessionOptions.AppendExecutionProvider_CUDA(deviceId), CudaLibraries.FindMissing);

    /// <param name="options">What the caller asked for.</param>
    /// <param name="open">Opens the session with the given session options (which it must not keep).</param>
    /// <param name="appendCuda">Adds the CUDA provider on a device to session options.</param>
    /// <param name="findMissingLibraries">Lists the CUDA and cuDNN libraries that cannot be loaded here.</param>
    internal static (T Session, ExecutionProvider Provider) Open<T>(EmotionClassifierOptions options, Func<SessionOptions, T> open,
        Action<SessionOptions, int> appendCuda, Func<IReadOnlyList<string>> findMissingLibraries)
        where T : IDisposable
    {
        if (options.IntraOpThreads is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.IntraOpThreads, "IntraOpThreads must be at least 1.");
        var wanted = options.ExecutionProvider ?? ExecutionProvider.Cpu;
        if (wanted.Kind != ExecutionProviderKind.Cuda)
            return (OpenWith(options, open, configure: null), ExecutionProvider.Cpu);

        Exception failure;
        try
        {
            return (OpenWith(options, open, sessionOptions => appendCuda(sessionOptions, wanted.DeviceId)), wanted);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            failure = e;
        }
        // A graph that fails on the CPU as well was never the provider's fault: that error is the one to report.
        var cpu = OpenWith(options, open, configure: null);
        try
        {
            var missing = findMissingLibraries();
            var problem = Describe(wanted, failure, missing);
            if (!options.FallbackToCpu)
                throw new ExecutionProviderUnavailableException(wanted, missing, problem + " Set FallbackToCpu to run on the CPU instead.", failure);
            options.Warn(problem + " Running on the CPU.");
            return (cpu, ExecutionProvider.Cpu);
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    private static T OpenWith<T>(EmotionClassifierOptions options, Func<SessionOptions, T> open, Action<SessionOptions>? configure)
    {
        using var sessionOptions = new SessionOptions();
        if (options.IntraOpThreads is { } threads) sessionOptions.IntraOpNumThreads = threads;
        configure?.Invoke(sessionOptions);
        return open(sessionOptions);
    }

    // The CPU build has no CUDA entry point at all; the CUDA build throws when its provider library cannot load its dependencies;
    // a session can still fail to open on the device (no GPU, driver too old), which the scorer reports as a model load error.
    private static bool IsProviderFailure(Exception e) =>
        e is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException or EmotionModelLoadException;

    /// <summary>Why <paramref name="wanted"/> cannot run, naming the libraries to install.</summary>
    internal static string Describe(ExecutionProvider wanted, Exception failure, IReadOnlyList<string> missingLibraries)
    {
        var libraries = missingLibraries.Count > 0
            ? $" Missing here: {string.Join(", ", missingLibraries)} (install the NVIDIA driver, the CUDA 13 runtime with cuBLAS and cuRAND, and cuDNN 9; see docs/inference.md, GPU)."
            : " Every CUDA and cuDNN library loads, so check that a GPU is present and its driver works.";
        if (failure is EntryPointNotFoundException)
            return $"{wanted} was requested, but the loaded ONNX Runtime is its CPU build, which has no CUDA provider: reference the " +
                "EmotionRecognition.Gpu package instead of EmotionRecognition." + libraries;
        return $"{wanted} was requested, but ONNX Runtime's CUDA provider cannot run here." + libraries +
            $" ONNX Runtime said: \"{FirstLine((failure is EmotionModelLoadException { InnerException: { } inner } ? inner : failure).Message)}\".";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
