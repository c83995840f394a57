using EmotionRecognition;
using EmotionRecognition.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// In the container's namespace, as Microsoft.Extensions packages do, so that AddEmotionClassifier needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an <see cref="EmotionClassifier"/> with a service collection.</summary>
/// <remarks>
/// The classifier is a singleton: it holds one ONNX Runtime session, is thread-safe, and is loaded on first use (so a bad model
/// path fails the first request that needs it, with an <see cref="EmotionModelLoadException"/> naming the file). The container
/// disposes it. Its warnings (e.g. a fallback from CUDA to the CPU) go to the <see cref="ILoggerFactory"/> registered, under the
/// category <c>EmotionRecognition.EmotionClassifier</c>.
/// </remarks>
public static class EmotionClassifierServiceCollectionExtensions
{
    /// <summary>Registers the classifier with settings from code; without <paramref name="configure"/>, the shipped default model on the CPU.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the settings.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddEmotionClassifier(this IServiceCollection services, Action<EmotionClassifierSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.AddOptions<EmotionClassifierSettings>();
        if (configure is not null) settings.Configure(configure);
        return Register(services);
    }

    /// <summary>Registers the classifier with settings bound from configuration (see <see cref="EmotionClassifierSettings"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, usually <c>configuration.GetSection(EmotionClassifierSettings.SectionName)</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddEmotionClassifier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmotionClassifierSettings>().Bind(configuration);
        return Register(services);
    }

    private static IServiceCollection Register(IServiceCollection services)
    {
        services.TryAddSingleton(Create);
        return services;
    }

    private static EmotionClassifier Create(IServiceProvider provider)
    {
        var settings = provider.GetRequiredService<IOptions<EmotionClassifierSettings>>().Value;
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger<EmotionClassifier>() ?? NullLogger<EmotionClassifier>.Instance;
        var options = settings.ToOptions(logger);
        return string.IsNullOrEmpty(settings.ModelPath) ? EmotionClassifier.LoadDefault(options) : EmotionClassifier.Load(settings.ModelPath, options);
    }
}
