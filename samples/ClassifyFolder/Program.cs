// Classifies every WAV/FLAC file of a folder in batches and prints a table; a file that cannot be read gets its own row:
//   dotnet run --project samples/ClassifyFolder -- ../shared/data/ravdess/Actor_01 [MODEL.emotion]
using EmotionRecognition;
using Spectre.Console;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ClassifyFolder FOLDER [MODEL.emotion]");
    return 2;
}

var files = Directory.EnumerateFiles(args[0], "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .ToArray();
using var classifier = args.Length == 2 ? EmotionClassifier.Load(args[1]) : EmotionClassifier.LoadDefault();

var table = new Table().AddColumn("file").AddColumn("prediction");
// Results arrive batch by batch, in order; one bad file costs only its own row.
await foreach (var result in classifier.ClassifyFilesAsync(files))
    table.AddRow(Markup.Escape(Path.GetRelativePath(args[0], result.Path)),
        Markup.Escape(result.Succeeded ? result.Prediction.ToString() : $"error: {result.Error.Message}"));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"[grey]{files.Length} files on {classifier.ExecutionProvider}[/]");
return 0;
