using System.CommandLine;

namespace EmotionRecognition.Cli;

/// <summary>Runs a command tree; shared by `emotion` and `emotion-train`, so both report usage errors the same way.</summary>
internal static class CliInvocation
{
    internal static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parsed = root.Parse(args);
        var code = parsed.Invoke(configuration);
        // A command line that does not parse (an unknown option, a value out of range) is the user's input too: exit 2, like a bad file.
        return parsed.Errors.Count > 0 && code != ExitCodes.Success ? ExitCodes.BadInput : code;
    }
}
