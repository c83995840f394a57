// The package smoke app (build/package-smoke.sh, build/gpu-check.sh): MODE MODEL|- AUDIO, where MODE is
//   path    classify AUDIO with the model MODEL,
//   default classify AUDIO with EmotionClassifier.LoadDefault(),
//   strict  as path, with FallbackToCpu off,
//   timed   classify each file listed in the text file AUDIO with LoadDefault(), one clip=… line each, and time them.
// It never chooses a provider: the package referenced decides. Output is one key=value per line, invariant culture.
using System.Diagnostics;
using System.Globalization;
using EmotionRecognition;
using EmotionRecognition.Inference;
using Microsoft.Extensions.Logging;

var mode = args[0];
var options = new EmotionClassifierOptions { IntraOpThreads = 1, Logger = new ConsoleLogger(), FallbackToCpu = mode != "strict" };
try
{
    using var classifier = mode is "default" or "timed" ? EmotionClassifier.LoadDefault(options) : EmotionClassifier.Load(args[1], options);
    Console.WriteLine($"provider={classifier.ExecutionProvider}");
    if (mode == "timed")
    {
        var files = File.ReadAllLines(args[2]).Where(line => line.Length > 0).ToArray();
        classifier.Classify(files[0]); // the first run builds the provider's kernels; it is not a clip's latency
        var milliseconds = new List<double>();
        foreach (var file in files)
        {
            var watch = Stopwatch.StartNew();
            var clip = classifier.Classify(file);
            milliseconds.Add(watch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"clip={Path.GetFileName(file)} {clip.Emotion.ToLabel()} {Probabilities(clip)}");
        }
        milliseconds.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"latency-ms=mean {milliseconds.Average():F2}, median {milliseconds[milliseconds.Count / 2]:F2}, p95 {milliseconds[(int)(milliseconds.Count * 0.95)]:F2} over {milliseconds.Count} clips"));
        return 0;
    }
    var prediction = classifier.Classify(args[2]);
    Console.WriteLine($"emotion={prediction.Emotion.ToLabel()}");
    Console.WriteLine($"probabilities={Probabilities(prediction)}");
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

static string Probabilities(EmotionPrediction prediction) =>
    string.Join(' ', prediction.Probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));

/// <summary>Prints what the library logs, one line per entry, so the script can read the fallback warning.</summary>
internal sealed class ConsoleLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.WriteLine($"log-{logLevel}={formatter(state, exception).ReplaceLineEndings(" ")}");
}
