namespace EmotionRecognition.Inference;

/// <summary>The kinds of hardware ONNX Runtime can run a model on here.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The CPU, always available.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA (needs the <c>Microsoft.ML.OnnxRuntime.Gpu</c> package, CUDA and cuDNN).</summary>
    Cuda,
}

/// <summary>Where a classifier runs its model: <see cref="Cpu"/> or <see cref="Cuda(int)"/>.</summary>
public sealed record ExecutionProvider
{
    /// <summary>The ONNX Runtime name of the CUDA provider, as <c>OrtEnv.GetAvailableProviders</c> lists it.</summary>
    internal const string CudaProviderName = "CUDAExecutionProvider";

    private ExecutionProvider(ExecutionProviderKind kind, int deviceId)
    {
        Kind = kind;
        DeviceId = deviceId;
    }

    /// <summary>The CPU provider.</summary>
    public static ExecutionProvider Cpu { get; } = new(ExecutionProviderKind.Cpu, 0);

    /// <summary>The CUDA provider on one GPU.</summary>
    /// <param name="deviceId">The CUDA device index (0 for the first GPU).</param>
    public static ExecutionProvider Cuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        return new(ExecutionProviderKind.Cuda, deviceId);
    }

    /// <summary>The kind of hardware.</summary>
    public ExecutionProviderKind Kind { get; }

    /// <summary>The device index (meaningful for <see cref="ExecutionProviderKind.Cuda"/>).</summary>
    public int DeviceId { get; }

    /// <summary>"CPU" or "CUDA:0".</summary>
    public override string ToString() => Kind == ExecutionProviderKind.Cpu ? "CPU" : $"CUDA:{DeviceId}";
}
