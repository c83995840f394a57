using System.CommandLine;

namespace EmotionRecognition.Cli;

/// <summary>Runs a command tree; shared by `emotion` and `emotion-train`, so both report usage errors the same way.</summary>
internal static class CliInvocation
{
    internal static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        // No termination handler: Ctrl+C and SIGTERM end the process the runtime's way, at once (ProcessExit stops ffmpeg children;
        // every output file is written atomically), instead of waiting for a command that may be blocked in a read no token can
        // interrupt, such as a FIFO whose writer stalls.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var parsed = root.Parse(args);
        var code = parsed.Invoke(configuration);
        // A command line that does not parse (an unknown option, a value out of range) is the user's input too: exit 2, like a bad file.
        return parsed.Errors.Count > 0 && code != ExitCodes.Success ? ExitCodes.BadInput : code;
    }
}
