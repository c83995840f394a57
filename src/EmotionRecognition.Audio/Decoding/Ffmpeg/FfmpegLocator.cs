namespace EmotionRecognition.Audio;

/// <summary>Finds the ffmpeg executable: an explicit path, or a search of the PATH directories.</summary>
internal static class FfmpegLocator
{
    /// <param name="configured">An explicit path or command name; null searches PATH for <c>ffmpeg</c>.</param>
    /// <returns>The executable's path, or null when there is none.</returns>
    public static string? Find(string? configured)
    {
        var name = configured ?? (OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
        if (Path.IsPathRooted(name) || name.Contains(Path.DirectorySeparatorChar) || name.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
