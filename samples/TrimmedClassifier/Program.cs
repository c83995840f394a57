// A classifying app small enough to publish trimmed (build/trim-check.sh):
//   TrimmedClassifier MODEL.emotion AUDIO...       one line per file: path, emotion, the seven probabilities (round-trip)
//   TrimmedClassifier --resave IN.emotion OUT.emotion   rewrites a model in the current format (format 1 -> 2)
// The last line names the ML.NET assemblies the process loaded: a format-2 model classifies with none.
using System.Globalization;
using EmotionRecognition;

if (args.Length == 3 && args[0] == "--resave")
{
    EmotionModel.Load(args[1]).Save(args[2]);
    return 0;
}
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: TrimmedClassifier MODEL.emotion AUDIO... | --resave IN.emotion OUT.emotion");
    return 2;
}

try
{
    using var classifier = EmotionClassifier.Load(args[0]);
    foreach (var path in args[1..])
    {
        var prediction = classifier.Classify(path);
        var probabilities = string.Join(' ', prediction.Probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        Console.WriteLine($"{Path.GetFileName(path)}\t{prediction.Emotion}\t{probabilities}");
    }
}
catch (Exception e) when (e is EmotionModelLoadException or EmotionRecognition.Audio.AudioFormatException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// ONNX Runtime's managed assembly shares the Microsoft.ML prefix but is not ML.NET.
var mlNet = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "")
    .Where(n => n.StartsWith("Microsoft.ML", StringComparison.Ordinal) && !n.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
    .Order(StringComparer.Ordinal).ToArray();
Console.WriteLine($"ML.NET assemblies loaded: {(mlNet.Length == 0 ? "none" : string.Join(", ", mlNet))}");
return 0;
