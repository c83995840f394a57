namespace EmotionRecognition.WebDemo.Live;

/// <summary>The live sessions' log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Live session closed: {Reason}")]
    public static partial void Closed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Live session ended by the client: {Reason}")]
    public static partial void EndedByClient(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Live classification stopped: {Reason}")]
    public static partial void ClassificationStopped(ILogger logger, string reason);
}
