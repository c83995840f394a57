using System.CommandLine;
using System.Globalization;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Cli.Commands;

/// <summary><c>emotion info FILE|DIR…</c>: the container, encoding, rate, channels and duration of audio files.</summary>
internal static class InfoCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("audio") { Description = "Audio files or folders.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("info", "Print the format, sample rate, channels and duration of audio files.") { files };
        command.SetAction(parse => Run(AudioInputs.Expand(parse.GetValue(files)!), output, error));
        return command;
    }

    private static int Run(AudioInputs inputs, TextWriter output, TextWriter error)
    {
        var exit = inputs.ReportUnreadable(error);
        foreach (var file in inputs.Files)
        {
            try
            {
                output.WriteLine($"{TextLine.Escape(file)}: {Describe(AudioFile.ReadInfo(file))}");
            }
            catch (Exception e)
            {
                exit = ExitCodes.Worst(exit, ExitCodes.Report(error, file, e));
            }
        }
        return exit;
    }

    internal static string Describe(AudioInfo info)
    {
        var duration = info.Duration is { } d ? d.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + " s" : "unknown duration";
        var channels = info.Channels == 1 ? "mono" : info.Channels == 2 ? "stereo" : $"{info.Channels} channels";
        return string.Create(CultureInfo.InvariantCulture,
            $"{info.Container}, {info.Encoding}, {info.SampleRate} Hz, {channels}, {duration}{(info.FrameCount is { } n ? $" ({n} frames)" : "")}");
    }
}
