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
    /// <remarks>A folder without audio files stays in the list as itself, so the command reports it (exit 2) instead of doing nothing.</remarks>
    internal static IReadOnlyList<string> Expand(IEnumerable<string> arguments) =>
        arguments.SelectMany(a => Directory.Exists(a) ? AudioIn(a) : [a]).ToList();

    private static IReadOnlyList<string> AudioIn(string folder) =>
        Audio.FolderWalk.Files(folder, f => Extensions.Contains(Path.GetExtension(f))) is { Count: > 0 } files ? files : [folder];
}
