using System.Net.WebSockets;

namespace EmotionRecognition.WebDemo.Live;

/// <summary>A client broke the live protocol or a limit: the message goes to the page, then the socket closes with the status.</summary>
internal sealed class LiveProtocolException(string message, WebSocketCloseStatus status = WebSocketCloseStatus.PolicyViolation)
    : Exception(message)
{
    public WebSocketCloseStatus Status { get; } = status;
}
