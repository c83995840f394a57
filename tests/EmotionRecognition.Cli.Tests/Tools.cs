using System.Diagnostics;

namespace EmotionRecognition.Cli.Tests;

/// <summary>Helpers the command-line tests share: copying inputs, running external tools, checking for stack traces.</summary>
internal static class Tools
{
    internal static string CopyTo(string from, string to)
    {
        File.Copy(from, to);
        return to;
    }

    /// <summary>User errors are reported without a stack trace.</summary>
    internal static void AssertNoStackTrace(CliRunner.Result result) => Assert.DoesNotContain("   at ", result.Error);

    /// <summary>Runs a tool to its end and fails the test, with its error output, when it fails.</summary>
    internal static void RunTool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {stderr}");
    }
}
