using EmotionRecognition.Inference;

namespace EmotionRecognition.Extensions.DependencyInjection;

/// <summary>
/// How the registered <see cref="EmotionClassifier"/> is loaded, bindable from configuration, e.g. an <c>appsettings.json</c>
/// section <c>"EmotionClassifier": { "ModelPath": "models/my.emotion", "Provider": "Cuda", "IntraOpThreads": 4 }</c>.
/// </summary>
public sealed class EmotionClassifierSettings
{
    /// <summary>The configuration section <see cref="Microsoft.Extensions.DependencyInjection.EmotionClassifierServiceCollectionExtensions.AddEmotionClassifier(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/> is usually given.</summary>
    public const string SectionName = "EmotionClassifier";

    /// <summary>A model (<c>.emotion</c>) file; <see langword="null"/> or empty loads the model shipped in the package.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Where to run the model: <see cref="ExecutionProviderKind.Cpu"/> (the default) or <see cref="ExecutionProviderKind.Cuda"/>.</summary>
    public ExecutionProviderKind Provider { get; set; } = ExecutionProviderKind.Cpu;

    /// <summary>The CUDA device index when <see cref="Provider"/> is CUDA.</summary>
    public int DeviceId { get; set; }

    /// <summary>Run on the CPU, with a logged warning, when the requested provider is missing; on by default.</summary>
    public bool FallbackToCpu { get; set; } = true;

    /// <summary>Threads ONNX Runtime may use inside one model run; <see langword="null"/> keeps its default (all cores).</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>The classifier options these settings mean, warnings going to <paramref name="logger"/>.</summary>
    internal EmotionClassifierOptions ToOptions(Microsoft.Extensions.Logging.ILogger logger) => new()
    {
        ExecutionProvider = Provider == ExecutionProviderKind.Cuda ? ExecutionProvider.Cuda(DeviceId) : ExecutionProvider.Cpu,
        FallbackToCpu = FallbackToCpu,
        IntraOpThreads = IntraOpThreads,
        Logger = logger,
    };
}
