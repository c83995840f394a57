namespace EmotionRecognition.Benchmarks;

/// <summary>Finds the shared recordings (<c>../shared</c> beside the repository root) that benchmarks read in place.</summary>
internal static class BenchmarkData
{
    /// <summary>A path under <c>../shared</c>, e.g. <c>Shared("data", "ravdess-48k", "x.wav")</c>.</summary>
    internal static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmotionRecognition.sln")))
                return Path.GetFullPath(Path.Combine([dir.FullName, "..", "shared", .. parts]));
        }
        throw new DirectoryNotFoundException("EmotionRecognition.sln was not found above " + AppContext.BaseDirectory);
    }
}
