namespace EmotionRecognition.Cli;

/// <summary>Opens standard input for `stream`, refusing a closed one instead of reading whatever took its place.</summary>
internal static class StandardInput
{
    /// <summary>Standard input as a stream.</summary>
    /// <exception cref="BadInputException">The tool was started with standard input closed (<c>&lt;&amp;-</c>).</exception>
    internal static Stream Open() => IsClosedAtStart() ? throw new BadInputException(
        "standard input is closed; give `stream` raw PCM on standard input (e.g. sox ... -t raw - | emotion stream).") : Console.OpenStandardInput();

    /// <summary>
    /// Whether descriptor 0 was closed when the process started. The runtime then reuses the lowest free descriptor for its own
    /// pipes and event objects, so descriptor 0 becomes one end of a pipe this very process holds the other end of, and reading it
    /// blocks for ever. A real standard input pipe has its writer in another process. Linux only (it reads /proc/self/fd).
    /// </summary>
    internal static bool IsClosedAtStart()
    {
        const string Descriptors = "/proc/self/fd";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(Descriptors)) return false;
        var zero = new FileInfo(Path.Combine(Descriptors, "0"));
        if (!zero.Exists) return true;
        var target = zero.LinkTarget;
        if (target is null || !(target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("anon_inode:", StringComparison.Ordinal)))
            return false;
        return Directory.EnumerateFileSystemEntries(Descriptors).Any(fd => Path.GetFileName(fd) != "0" && new FileInfo(fd).LinkTarget == target);
    }
}
