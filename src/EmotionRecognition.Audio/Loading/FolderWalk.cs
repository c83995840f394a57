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
    /// <exception cref="IOException">A folder in the walk cannot be listed for another reason (a path too long, an I/O error).</exception>
    public static IReadOnlyList<string> Files(string folder, Func<string, bool>? include = null) =>
        Files(folder, include, (_, e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e));

    /// <summary>
    /// Every file under <paramref name="folder"/> whose name <paramref name="include"/> accepts, in ordinal path order; a folder that
    /// cannot be listed (no permission, a path too long, removed meanwhile) is passed to <paramref name="unreadable"/> and skipped,
    /// and the walk goes on with the others.
    /// </summary>
    /// <param name="folder">The folder to walk.</param>
    /// <param name="include">Decides on each file path; all files when null.</param>
    /// <param name="unreadable">Told each folder that could not be listed, with the failure; it may throw to end the walk.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Files(string folder, Func<string, bool>? include, Action<string, Exception> unreadable)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(unreadable);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such folder.");
        var found = new List<string>();
        var pending = new Stack<(string Path, bool IsRoot)>();
        pending.Push((folder, true));
        while (pending.Count > 0)
        {
            var (current, isRoot) = pending.Pop();
            try
            {
                // Each subfolder is looked at when its turn comes, so one that cannot even be inspected fails alone, not its parent.
                if (!isRoot && new DirectoryInfo(current).LinkTarget is not null) continue;
                // Listed in full before anything is kept, so a folder that fails half-way contributes nothing in part.
                var files = Directory.EnumerateFiles(current).Where(f => include is null || include(f)).ToList();
                var subfolders = Directory.EnumerateDirectories(current).ToList();
                found.AddRange(files);
                foreach (var sub in subfolders) pending.Push((sub, false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable(current, e);
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
