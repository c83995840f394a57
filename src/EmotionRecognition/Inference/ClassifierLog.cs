using Microsoft.Extensions.Logging;

namespace EmotionRecognition.Inference;

/// <summary>The classifier's log messages, source-generated so a disabled level costs no formatting or boxing.</summary>
internal static partial class ClassifierLog
{
    /// <summary>Anything that works but not as asked, such as a fallback to the CPU.</summary>
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void Warning(ILogger logger, string warning);
}
