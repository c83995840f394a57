namespace EmotionRecognition.Cli.Tests;

/// <summary>Runs the `emotion` command tree in-process and captures what it prints.</summary>
internal static class CliRunner
{
    internal sealed record Result(int ExitCode, string Output, string Error);

    internal static Result Run(params string[] args) => RunWithInput([], args);

    internal static Result RunWithInput(byte[] input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = EmotionCli.Run(args, output, error, () => new MemoryStream(input, writable: false));
        return new Result(code, output.ToString(), error.ToString());
    }
}
