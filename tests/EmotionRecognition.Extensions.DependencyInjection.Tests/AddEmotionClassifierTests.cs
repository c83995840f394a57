using EmotionRecognition.Extensions.DependencyInjection;
using EmotionRecognition.TestData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmotionRecognition.Extensions.DependencyInjection.Tests;

/// <summary>services.AddEmotionClassifier: settings from configuration, one shared classifier, ILogger, disposal with the container.</summary>
public sealed class AddEmotionClassifierTests : IDisposable
{
    private readonly string _directory = SharedData.NewTempDirectory("di");

    private static string[] Clips => Directory.GetFiles(Path.Combine(SharedData.Ravdess, "Actor_05"), "*.flac")
        .Order(StringComparer.Ordinal).Take(16).ToArray();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider Build(Dictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => { if (logs is not null) b.AddProvider(logs); });
        services.AddEmotionClassifier(configuration.GetSection(EmotionClassifierSettings.SectionName));
        return services.BuildServiceProvider();
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheModelPathComesFromConfigurationAndClassifiesAsTheModelDoes()
    {
        using var direct = EmotionClassifier.LoadDefault();
        var path = Path.Combine(_directory, "copy.emotion");
        direct.Model.Save(path);
        using var provider = Build(new() { ["EmotionClassifier:ModelPath"] = path, ["EmotionClassifier:IntraOpThreads"] = "1" });

        var classifier = provider.GetRequiredService<EmotionClassifier>();

        Assert.Same(classifier, provider.GetRequiredService<EmotionClassifier>());
        foreach (var clip in Clips.Take(4))
            Assert.Equal(direct.Classify(clip).Probabilities, classifier.Classify(clip).Probabilities);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task OneSharedClassifierServesConcurrentScopesAndDiesWithTheContainer()
    {
        var provider = Build([]);
        var expected = Clips.Select(EmotionClassifier.LoadDefault().Classify).ToArray();

        var results = await Task.WhenAll(Clips.Select((clip, i) => Task.Run(() =>
        {
            using var scope = provider.CreateScope();
            var classifier = scope.ServiceProvider.GetRequiredService<EmotionClassifier>();
            return (classifier, prediction: classifier.Classify(clip));
        })));

        var shared = Assert.Single(results.Select(r => r.classifier).Distinct());
        Assert.Equal(expected.Select(p => p.Probabilities), results.Select(r => r.prediction.Probabilities));
        provider.Dispose();
        Assert.Throws<ObjectDisposedException>(() => shared.Classify(Clips[0]));
    }

    [RequiresFact(Requirement.SharedData)]
    public void WarningsGoToTheRegisteredLoggers()
    {
        // The CPU build of ONNX Runtime has no CUDA provider, GPU or not, so asking for it falls back to the CPU, which the classifier must log.
        var logs = new CapturingLoggerProvider();
        using var provider = Build(new() { ["EmotionClassifier:Provider"] = "Cuda" }, logs);

        var classifier = provider.GetRequiredService<EmotionClassifier>();

        Assert.Equal(ExecutionProvider.Cpu, classifier.ExecutionProvider);
        var warning = Assert.Single(logs.Entries);
        Assert.Equal((typeof(EmotionClassifier).FullName, LogLevel.Warning), (warning.Category, warning.Level));
        Assert.Contains("Running on the CPU", warning.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void WithoutFallbackAMissingProviderFailsTheResolve()
    {
        using var provider = Build(new() { ["EmotionClassifier:Provider"] = "Cuda", ["EmotionClassifier:FallbackToCpu"] = "false" });
        var e = Assert.Throws<EmotionRecognition.ExecutionProviderUnavailableException>(() => provider.GetRequiredService<EmotionClassifier>());
        Assert.Contains("FallbackToCpu", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ABadModelPathNamesTheFile()
    {
        var path = Path.Combine(_directory, "not-a-model.emotion");
        File.WriteAllText(path, "not a model");
        using var provider = Build(new() { ["EmotionClassifier:ModelPath"] = path });
        var e = Assert.Throws<EmotionModelLoadException>(() => provider.GetRequiredService<EmotionClassifier>());
        Assert.Contains("not-a-model.emotion", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SettingsInCodeWork()
    {
        using var direct = EmotionClassifier.LoadDefault();
        var path = Path.Combine(_directory, "code.emotion");
        direct.Model.Save(path);
        var services = new ServiceCollection().AddEmotionClassifier(s => s.ModelPath = path);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(direct.Classify(Clips[1]).Probabilities, provider.GetRequiredService<EmotionClassifier>().Classify(Clips[1]).Probabilities);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<(string Category, LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries
        {
            get { lock (_entries) return _entries.ToArray(); }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose() { }

        private sealed class Logger(string category, CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._entries) owner._entries.Add((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
