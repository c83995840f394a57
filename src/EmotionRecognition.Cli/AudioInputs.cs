namespace EmotionRecognition.Cli;

/// <summary>The audio files of a command's FILE|DIR arguments, and the folders under them that could not be read.</summary>
/// <param name="Files">Files as given (whatever their extension) and the audio files found in folders, recursively, sorted.</param>
/// <param name="Unreadable">Folders whose listing failed, with why; the walk went on without them.</param>
internal sealed record AudioInputs(IReadOnlyList<string> Files, IReadOnlyList<(string Folder, Exception Failure)> Unreadable)
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".wma", ".aif", ".aiff", ".webm",
    };

    /// <summary>
    /// Expands the arguments; folders are walked without following folder symlinks (<see cref="Audio.FolderWalk"/>), and a
    /// subfolder that cannot be listed is recorded instead of ending the walk, so every readable file still gets its result.
    /// </summary>
    /// <remarks>A folder without audio files stays in the list as itself, so the command reports it (exit 2) instead of doing nothing.</remarks>
    internal static AudioInputs Expand(IEnumerable<string> arguments)
    {
        var unreadable = new List<(string, Exception)>();
        var files = arguments.SelectMany(a => Directory.Exists(a) ? AudioIn(a, unreadable) : [a]).ToList();
        return new AudioInputs(files, unreadable);
    }

    /// <summary>Reports each unreadable folder on <paramref name="error"/>; returns the exit code they imply.</summary>
    internal int ReportUnreadable(TextWriter error) =>
        Unreadable.Aggregate(ExitCodes.Success, (exit, u) => ExitCodes.Worst(exit, ExitCodes.Report(error, u.Folder, UnreadableFolder(u.Failure))));

    /// <summary>Throws for the first unreadable folder: for uses that need every file (a calibration set), not as many as can be read.</summary>
    internal IReadOnlyList<string> AllFiles() =>
        Unreadable.Count > 0 ? throw UnreadableFolder(Unreadable[0].Failure, Unreadable[0].Folder) : Files;

    private static BadInputException UnreadableFolder(Exception failure, string? folder = null) =>
        new($"{(folder is null ? "" : folder + ": ")}this folder cannot be read, so its files were skipped ({failure.Message})", failure);

    private static IReadOnlyList<string> AudioIn(string folder, List<(string, Exception)> unreadable)
    {
        var reported = unreadable.Count;
        var files = Audio.FolderWalk.Files(folder, f => Extensions.Contains(Path.GetExtension(f)), (f, e) => unreadable.Add((f, e)));
        // An empty result is news only when nothing was reported unreadable: then the folder itself is named as holding no audio.
        return files.Count > 0 || unreadable.Count > reported ? files : [folder];
    }
}

