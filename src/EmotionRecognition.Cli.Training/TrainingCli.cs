using System.CommandLine;
using EmotionRecognition.Cli.Commands;
using EmotionRecognition.Training;

namespace EmotionRecognition.Cli;

/// <summary>The `emotion-train` command line: the commands that need TorchSharp, kept out of the everyday `emotion` tool.</summary>
internal static class TrainingCli
{
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // The tool is a training process, so it takes the allocator and thread tuning that the library leaves to its host.
        TorchRuntime.Configure();
        return CliInvocation.Invoke(new RootCommand("Train speech emotion models (TorchSharp) and export their ONNX graphs; classify with the emotion tool.")
        {
            TrainCommand.Create(output, error),
            ExportOnnxCommand.Create(output, error),
            CombineCommand.Create(output, error),
        }, args, output, error);
    }
}
