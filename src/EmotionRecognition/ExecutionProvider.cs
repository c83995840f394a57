namespace EmotionRecognition;

/// <summary>The kinds of hardware ONNX Runtime can run a model on here.</summary>
public enum ExecutionProviderKind
{
    /// <summary>The CPU, always available.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA (needs the <c>EmotionRecognition.Gpu</c> package, CUDA 13 and cuDNN 9).</summary>
    Cuda,
}

/// <summary>Where a classifier runs its model: <see cref="Cpu"/> or <see cref="Cuda(int)"/>.</summary>
public sealed record ExecutionProvider
{
    /// <summary>The runtimeconfig.json setting by which the <c>EmotionRecognition.Gpu</c> package makes CUDA the default.</summary>
    internal const string DefaultSwitch = "EmotionRecognition.DefaultExecutionProvider";

    private ExecutionProvider(ExecutionProviderKind kind, int deviceId)
    {
        Kind = kind;
        DeviceId = deviceId;
    }

    /// <summary>The CPU provider.</summary>
    public static ExecutionProvider Cpu { get; } = new(ExecutionProviderKind.Cpu, 0);

    /// <summary>
    /// The provider of <see cref="EmotionClassifierOptions"/> by default: <c>CUDA:0</c> in an app that references the
    /// <c>EmotionRecognition.Gpu</c> package (it sets the runtime option <c>EmotionRecognition.DefaultExecutionProvider</c> to
    /// <c>CUDA</c>), otherwise <see cref="Cpu"/>.
    /// </summary>
    public static ExecutionProvider Default { get; } = FromSetting(AppContext.GetData(DefaultSwitch) as string);

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

    /// <summary>Reads the default-provider setting: "CUDA" (any case) means the first GPU; anything else, or none, the CPU.</summary>
    internal static ExecutionProvider FromSetting(string? setting) =>
        string.Equals(setting, "CUDA", StringComparison.OrdinalIgnoreCase) ? Cuda(0) : Cpu;

    /// <summary>"CPU" or "CUDA:0".</summary>
    public override string ToString() => Kind == ExecutionProviderKind.Cpu ? "CPU" : $"CUDA:{DeviceId}";
}
