namespace EmotionRecognition.Audio;

/// <summary>Lists the files under a folder without following directory symlinks, so a link cycle can neither repeat nor hang a walk.</summary>
/// <remarks>
/// A symlinked <em>file</em> is listed (datasets often link their clips into place); a symlinked <em>folder</em> below the root is
/// not entered, the same rule as <c>find</c> without <c>-L</c>. The folder given may itself be a link.
/// </remarks>
public static class FolderWalk
{
    /// <summary>Every file under <paramref name="folder"/> whose name <paramref name="include"/> accepts, in ordinal path order.</summary>
    /// <param name="folder">The folder to walk.</param>
    /// <param name="include">Decides on each file path; all files when null.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">A folder in the walk cannot be read.</exception>
    public static IReadOnlyList<string> Files(string folder, Func<string, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder.");
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
                if (include is null || include(file)) found.Add(file);
            foreach (var sub in Directory.EnumerateDirectories(current))
                if (new DirectoryInfo(sub).LinkTarget is null) pending.Push(sub);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
