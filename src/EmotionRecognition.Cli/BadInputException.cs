namespace EmotionRecognition.Cli;

/// <summary>A user-caused failure the tool itself detects (a folder that cannot be listed, a closed standard input): exit 2, with the message.</summary>
internal sealed class BadInputException(string message, Exception? innerException = null) : IOException(message, innerException);
