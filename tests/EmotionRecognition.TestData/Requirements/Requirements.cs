namespace EmotionRecognition.TestData;

/// <summary>
/// Whether the machine has what environment-dependent tests need. A missing requirement skips the test with a message saying
/// what is missing and how to provide it, except where <see cref="RequireAllVariable"/> is 1 (CI sets it): there nothing
/// skips, so a missing dependency fails the test loudly.
/// </summary>
public static class Requirements
{
    /// <summary>The environment variable that turns every skip into a run (and a missing requirement into a failure).</summary>
    public const string RequireAllVariable = "EMOTION_TESTS_REQUIRE_ALL";

    /// <summary>True where <see cref="RequireAllVariable"/> is 1.</summary>
    public static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    /// <summary>Where the web demo's browser tests look for Chromium.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>The skip message for a test needing <paramref name="needs"/>, or null when it must run.</summary>
    public static string? SkipReason(IEnumerable<Requirement> needs)
    {
        if (RequireAll) return null;
        var missing = needs.Distinct().Select(Missing).OfType<string>().ToArray();
        return missing.Length == 0 ? null
            : $"{string.Join("; ", missing)}. ({RequireAllVariable}=1 runs this test anyway, failing where the requirement is missing.)";
    }

    private static string? Missing(Requirement need) => need switch
    {
        Requirement.SharedData => Directory.Exists(SharedData.Ravdess) && Directory.Exists(SharedData.LibrosaFixtures) ? null
            : $"Needs the shared data folder {SharedData.SharedRoot} (RAVDESS in data/ravdess, librosa references in fixtures/librosa): "
              + $"put it beside the repository, or set {SharedData.SharedRootVariable} to its path",
        Requirement.Ffmpeg => OnPath("ffmpeg") ? null : "Needs ffmpeg on PATH: apt-get install ffmpeg (or put an ffmpeg build on PATH)",
        Requirement.Sox => OnPath("sox") ? null : "Needs sox on PATH: apt-get install sox",
        Requirement.Flac => OnPath("flac") ? null : "Needs flac on PATH: apt-get install flac",
        Requirement.Chromium => File.Exists(ChromiumPath) ? null
            : $"Needs Chromium at {ChromiumPath}: apt-get install chromium, or set CHROMIUM_PATH to a Chromium executable",
        _ => throw new ArgumentOutOfRangeException(nameof(need), need, null),
    };

    private static bool OnPath(string tool)
    {
        var name = OperatingSystem.IsWindows() ? tool + ".exe" : tool;
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
    }
}
