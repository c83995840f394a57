// Classifies every WAV/FLAC file of a folder in batches and prints a table:
// dotnet run --project samples/ClassifyFolder -- MODEL.emotion ../shared/data/ravdess/Actor_01
using EmotionRecognition;
using Spectre.Console;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ClassifyFolder MODEL.emotion FOLDER");
    return 2;
}

var files = Directory.EnumerateFiles(args[1], "*", SearchOption.AllDirectories)
    .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .ToArray();
using var classifier = EmotionClassifier.Load(args[0]);
var predictions = await classifier.ClassifyBatchAsync(files);

var table = new Table().AddColumn("file").AddColumn("emotion").AddColumn(new TableColumn("confidence").RightAligned()).AddColumn("runner-up");
for (var i = 0; i < files.Length; i++)
{
    var top = predictions[i].Top(2);
    table.AddRow(Markup.Escape(Path.GetRelativePath(args[1], files[i])), top[0].Emotion.ToLabel(), $"{top[0].Probability:P1}",
        $"{top[1].Emotion.ToLabel()} {top[1].Probability:P1}");
}
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"[grey]{files.Length} files on {classifier.ExecutionProvider}[/]");
return 0;
