using EmotionRecognition.Audio;

namespace EmotionRecognition.Cli;

/// <summary>The tool's exit codes: 0 success, 2 bad input (some file could not be used), 1 internal error.</summary>
internal static class ExitCodes
{
    internal const int Success = 0;
    internal const int InternalError = 1;
    internal const int BadInput = 2;

    /// <summary>Whether an exception is the user's input being unusable rather than a fault of the tool.</summary>
    internal static bool IsBadInput(Exception e) =>
        e is AudioFormatException or EmotionModelLoadException or ModelOutputException or BadInputException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
            or ArgumentException or FormatException or InvalidDataException;

    /// <summary>Reports a failure for one input without a stack trace for user errors; returns the exit code it implies.</summary>
    internal static int Report(TextWriter error, string input, Exception e)
    {
        if (IsBadInput(e))
        {
            // Audio errors already name their source. Names and messages are escaped: a file name must not start a line of its own.
            error.WriteLine("error: " + TextLine.Escape(e is AudioFormatException or EmotionModelLoadException ? e.Message : $"{input}: {e.Message}"));
            return BadInput;
        }
        error.WriteLine($"internal error while processing {TextLine.Escape(input)}: {e}");
        return InternalError;
    }

    /// <summary>The worst of two exit codes (internal error outranks bad input).</summary>
    internal static int Worst(int a, int b) => a == InternalError || b == InternalError ? InternalError : Math.Max(a, b);
}
