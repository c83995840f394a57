extern alias training;

namespace EmotionRecognition.Cli.Tests;

/// <summary>Runs the `emotion` command tree (or `emotion-train`'s, for its commands) in-process and captures what it prints.</summary>
internal static class CliRunner
{
    internal sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The commands of the emotion-train tool; everything else is the everyday emotion tool's.</summary>
    private static readonly HashSet<string> TrainingCommands = ["train", "export-onnx", "combine"];

    internal static Result Run(params string[] args) => RunWithInput([], args);

    internal static Result RunWithInput(byte[] input, params string[] args) =>
        RunWithInput(() => new MemoryStream(input, writable: false), new StringWriter(), args);

    /// <summary>Runs with <paramref name="openInput"/> as standard input, printing to <paramref name="output"/> (for tests that watch it).</summary>
    internal static Result RunWithInput(Func<Stream> openInput, StringWriter output, params string[] args)
    {
        var error = new StringWriter();
        var code = args.Length > 0 && TrainingCommands.Contains(args[0])
            ? training::EmotionRecognition.Cli.TrainingCli.Run(args, output, error)
            : EmotionCli.Run(args, output, error, openInput);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the emotion-train tool itself, whatever the command.</summary>
    internal static Result RunTraining(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = training::EmotionRecognition.Cli.TrainingCli.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
