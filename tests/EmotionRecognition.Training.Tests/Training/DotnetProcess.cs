using System.Diagnostics;

namespace EmotionRecognition.Training.Tests.Training;

/// <summary>Runs the dotnet host that runs these tests as a child process, for checks a fresh process or MSBuild must make.</summary>
internal static class DotnetProcess
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns its standard output; fails the test when it fails.</summary>
    internal static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', start.ArgumentList)} failed: {output}{error.Result}");
        return output;
    }
}
