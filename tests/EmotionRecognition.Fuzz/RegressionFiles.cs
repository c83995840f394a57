using EmotionRecognition.TestData;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The saved inputs of past findings (<c>tests/EmotionRecognition.Fuzz/regressions/</c>), named
/// <c>NAME.OUTCOME.EXT</c>: the outcome is <c>accepted</c> or the exception type that must refuse the input.
/// </summary>
public static class RegressionFiles
{
    public static string Directory => Path.Combine(SharedData.Root, "tests", "EmotionRecognition.Fuzz", "regressions");

    public static IReadOnlyList<string> All() =>
        System.IO.Directory.GetFiles(Directory).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The target that reads a file, from its extension.</summary>
    public static FuzzTarget TargetOf(string path) => FuzzTarget.Create(Path.GetExtension(path) switch
    {
        ".wav" => "wav",
        ".flac" => "flac",
        ".emotion" => "model",
        var other => throw new ArgumentException($"{path}: no fuzz target reads '{other}' files"),
    });

    /// <summary>The outcome a regression file's name promises: <c>accepted</c>, or the exception type name.</summary>
    public static string ExpectedOutcome(string path) => Path.GetExtension(Path.GetFileNameWithoutExtension(path)).TrimStart('.');
}
