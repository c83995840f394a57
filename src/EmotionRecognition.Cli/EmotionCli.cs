using System.CommandLine;
using EmotionRecognition.Cli.Commands;

namespace EmotionRecognition.Cli;

/// <summary>The `emotion` command line: builds the everyday command tree and runs it with the given writers.</summary>
internal static class EmotionCli
{
    internal static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, StandardInput.Open);

    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="openInput">Opens standard input (only `stream` reads it).</param>
    internal static int Run(string[] args, TextWriter output, TextWriter error, Func<Stream> openInput) =>
        CliInvocation.Invoke(new RootCommand("Speech emotion recognition: inspect audio, extract librosa-equal features, classify, evaluate. Training is the emotion-train tool.")
        {
            InfoCommand.Create(output, error),
            FeaturesCommand.Create(output, error),
            PredictCommand.Create(output, error),
            SegmentsCommand.Create(output, error),
            StreamCommand.Create(output, error, openInput),
            EvaluateCommand.Create(output, error),
            ModelCommand.Create(output, error),
            ReportCommand.Create(output, error),
        }, args, output, error);
}
