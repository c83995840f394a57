using System.CommandLine;
using EmotionRecognition.Cli.Commands;

namespace EmotionRecognition.Cli;

/// <summary>The `emotion` command line: builds the command tree and runs it with the given writers.</summary>
internal static class EmotionCli
{
    internal static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, StandardInput.Open);

    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="openInput">Opens standard input (only `stream` reads it).</param>
    internal static int Run(string[] args, TextWriter output, TextWriter error, Func<Stream> openInput)
    {
        var root = new RootCommand("Speech emotion recognition: inspect audio, extract librosa-equal features, train and classify.")
        {
            InfoCommand.Create(output, error),
            FeaturesCommand.Create(output, error),
            PredictCommand.Create(output, error),
            SegmentsCommand.Create(output, error),
            StreamCommand.Create(output, error, openInput),
            TrainCommand.Create(output, error),
            EvaluateCommand.Create(output, error),
            ExportOnnxCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parsed = root.Parse(args);
        var code = parsed.Invoke(configuration);
        // A command line that does not parse (an unknown option, a value out of range) is the user's input too: exit 2, like a bad file.
        return parsed.Errors.Count > 0 && code != ExitCodes.Success ? ExitCodes.BadInput : code;
    }
}
