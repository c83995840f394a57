namespace EmotionRecognition.Cli;

/// <summary>Expands the FILE|DIR arguments of a command into audio files.</summary>
internal static class AudioInputs
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".webm",
    };

    /// <summary>Files stay as given (whatever their extension); folders contribute their audio files, recursively, sorted.</summary>
    internal static IReadOnlyList<string> Expand(IEnumerable<string> arguments) =>
        arguments.SelectMany<string, string>(a => Directory.Exists(a)
                ? Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal)
                : [a])
            .ToList();
}
