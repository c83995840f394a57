namespace EmotionRecognition.Cli;

/// <summary>Expands the FILE|DIR arguments of a command into audio files.</summary>
internal static class AudioInputs
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".webm",
    };

    /// <summary>
    /// Files stay as given (whatever their extension); folders contribute their audio files, recursively, sorted, without following
    /// folder symlinks (<see cref="Audio.FolderWalk"/>).
    /// </summary>
    internal static IReadOnlyList<string> Expand(IEnumerable<string> arguments) =>
        arguments.SelectMany(a => Directory.Exists(a) ? Audio.FolderWalk.Files(a, f => Extensions.Contains(Path.GetExtension(f))) : [a])
            .ToList();
}
