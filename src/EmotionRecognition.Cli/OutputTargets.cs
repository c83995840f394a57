namespace EmotionRecognition.Cli;

/// <summary>
/// Checks, before any long work, that the files and folders a command will write to can be written: a training run of hours
/// must not end in "cannot write the model". The check creates and deletes a temporary file where the real one will go, so it
/// asks the file system itself (permissions, read-only mounts, a file where a folder belongs) rather than guessing.
/// </summary>
internal static class OutputTargets
{
    /// <summary>Checks that <paramref name="path"/> can be written as a file (its folder exists and takes new files).</summary>
    /// <exception cref="BadInputException">It cannot.</exception>
    internal static void CheckFile(string option, string path)
    {
        if (Directory.Exists(path)) throw new BadInputException($"{option} {path}: is a folder; name the file to write.");
        Probe(option, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Creates the folder <paramref name="path"/> if needed and checks that it takes new files.</summary>
    /// <exception cref="BadInputException">It cannot be created or written.</exception>
    internal static void CheckFolder(string option, string path)
    {
        if (File.Exists(path)) throw new BadInputException($"{option} {path}: is a file; a folder is needed.");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(option, path, e);
        }
        Probe(option, path, path);
    }

    private static void Probe(string option, string path, string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".write-check.{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write,
                FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(option, path, e);
        }
    }

    private static BadInputException Unwritable(string option, string path, Exception e) =>
        new($"{option} {path}: cannot be written, so nothing was started ({e.Message})", e);
}
