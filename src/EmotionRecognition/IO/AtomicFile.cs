namespace EmotionRecognition.IO;

/// <summary>
/// Writes files so that a reader, or a crash, never sees half of one: the content goes to a temporary file in the same folder,
/// is flushed to disk, and only then renamed over the target. An interrupted write leaves the previous file whole.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which fills the temporary file at the path it is given.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Fills the temporary file.</param>
    /// <param name="durable">Flush to disk before the rename; callers whose files carry their own checksum (the feature cache)
    /// may skip it, since a torn file is detected on reading and recomputed.</param>
    public static void Write(string path, Action<string> write, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        // Same folder, so the rename cannot cross file systems; a unique name, so concurrent writers never share a temp file.
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            if (durable)
            {
                using var flush = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                flush.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which fills a stream.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, (string temp) =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        write(stream);
    });

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) => Write(path, (string temp) => File.WriteAllText(temp, text));
}
