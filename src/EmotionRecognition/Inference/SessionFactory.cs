using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Inference;

/// <summary>Turns <see cref="EmotionClassifierOptions"/> into ONNX Runtime session options, deciding the provider really used.</summary>
internal static class SessionFactory
{
    internal static (SessionOptions Options, ExecutionProvider Provider) Create(EmotionClassifierOptions options) =>
        Create(options, OrtEnv.Instance().GetAvailableProviders());

    /// <param name="options">What the caller asked for.</param>
    /// <param name="availableProviders">The providers the loaded ONNX Runtime build offers.</param>
    internal static (SessionOptions Options, ExecutionProvider Provider) Create(EmotionClassifierOptions options, IReadOnlyCollection<string> availableProviders)
    {
        if (options.IntraOpThreads is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.IntraOpThreads, "IntraOpThreads must be at least 1.");
        var provider = Choose(options, availableProviders);
        var session = new SessionOptions();
        try
        {
            if (options.IntraOpThreads is { } threads) session.IntraOpNumThreads = threads;
            if (provider.Kind == ExecutionProviderKind.Cuda) session.AppendExecutionProvider_CUDA(provider.DeviceId);
            return (session, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static ExecutionProvider Choose(EmotionClassifierOptions options, IReadOnlyCollection<string> availableProviders)
    {
        var wanted = options.ExecutionProvider ?? ExecutionProvider.Cpu;
        // The CPU-only runtime has no CUDA entry point at all: asking for it throws EntryPointNotFoundException, so look first.
        if (wanted.Kind != ExecutionProviderKind.Cuda || availableProviders.Contains(ExecutionProvider.CudaProviderName))
            return wanted;
        var problem = $"{wanted} was requested but the loaded ONNX Runtime has no {ExecutionProvider.CudaProviderName} " +
            $"(it offers: {string.Join(", ", availableProviders)}).";
        if (!options.FallbackToCpu)
            throw new NotSupportedException(problem + " Reference the Microsoft.ML.OnnxRuntime.Gpu package instead of " +
                "Microsoft.ML.OnnxRuntime and install CUDA and cuDNN (see docs/inference.md), or set FallbackToCpu.");
        options.Warn(problem + " Running on the CPU.");
        return ExecutionProvider.Cpu;
    }
}
