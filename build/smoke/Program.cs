// The package smoke app (build/package-smoke.sh): MODE MODEL|- AUDIO, where MODE is
//   path    classify AUDIO with the bundle MODEL,
//   default classify AUDIO with EmotionClassifier.LoadDefault(),
//   strict  as path, with FallbackToCpu off.
// It never chooses a provider: the package referenced decides. Output is one key=value per line, invariant culture.
using System.Globalization;
using EmotionRecognition;
using EmotionRecognition.Inference;
using Microsoft.Extensions.Logging;

var mode = args[0];
var options = new EmotionClassifierOptions { IntraOpThreads = 1, Logger = new ConsoleLogger(), FallbackToCpu = mode != "strict" };
try
{
    using var classifier = mode == "default" ? EmotionClassifier.LoadDefault(options) : EmotionClassifier.Load(args[1], options);
    var prediction = classifier.Classify(args[2]);
    Console.WriteLine($"provider={classifier.ExecutionProvider}");
    Console.WriteLine($"emotion={prediction.Emotion.ToLabel()}");
    Console.WriteLine("probabilities=" + string.Join(' ', prediction.Probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
    return 0;
}
catch (ExecutionProviderUnavailableException e)
{
    Console.WriteLine($"unavailable={string.Join(',', e.MissingLibraries)}");
    Console.WriteLine($"message={e.Message.ReplaceLineEndings(" ")}");
    return 3;
}
catch (EmotionModelLoadException e) when (mode == "default")
{
    Console.WriteLine($"no-default-model={e.Message.ReplaceLineEndings(" ")}");
    return 4;
}

/// <summary>Prints what the library logs, one line per entry, so the script can read the fallback warning.</summary>
internal sealed class ConsoleLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.WriteLine($"log-{logLevel}={formatter(state, exception).ReplaceLineEndings(" ")}");
}
