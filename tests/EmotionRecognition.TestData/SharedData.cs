namespace EmotionRecognition.TestData;

/// <summary>Locates the read-only <c>shared/</c> folder that sits beside the repository root.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding EmotionRecognition.sln).</summary>
    public static string Root => RepoRoot.Value;

    /// <summary>The environment variable that points the tests at a shared folder elsewhere.</summary>
    public const string SharedRootVariable = "EMOTION_SHARED_DATA";

    /// <summary>The shared folder: <c>../shared</c> relative to the repository root, or <see cref="SharedRootVariable"/>'s folder.</summary>
    public static string SharedRoot => Environment.GetEnvironmentVariable(SharedRootVariable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>RAVDESS speech, actors 01–20, 22,050 Hz mono FLAC.</summary>
    public static string Ravdess => Path.Combine(SharedRoot, "data", "ravdess");

    /// <summary>Eight untouched 48 kHz RAVDESS originals.</summary>
    public static string Ravdess48k => Path.Combine(SharedRoot, "data", "ravdess-48k");

    /// <summary>librosa reference outputs, one folder per input.</summary>
    public static string LibrosaFixtures => Path.Combine(SharedRoot, "fixtures", "librosa");

    /// <summary>The folder of one librosa fixture.</summary>
    public static string Fixture(string name) => Path.Combine(LibrosaFixtures, name);

    /// <summary>Every fixture folder name.</summary>
    public static IReadOnlyList<string> FixtureNames() =>
        Directory.GetDirectories(LibrosaFixtures)
            .Select(Path.GetFileName)
            .Where(n => n is not null && n != "inputs")
            .Select(n => n!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Every RAVDESS FLAC file, sorted.</summary>
    public static IReadOnlyList<string> RavdessFiles() =>
        Directory.GetFiles(Ravdess, "*.flac", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A fresh empty folder under the system temp directory.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmotionRecognition.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("EmotionRecognition.sln was not found above " + AppContext.BaseDirectory);
    }
}
