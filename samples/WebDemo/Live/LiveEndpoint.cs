using System.Net.WebSockets;
using EmotionRecognition.WebDemo.Hosting;

namespace EmotionRecognition.WebDemo.Live;

/// <summary><c>/live</c>: admits a WebSocket when a session place is free, otherwise tells the page the server is busy.</summary>
internal static class LiveEndpoint
{
    public static async Task HandleAsync(
        HttpContext http, EmotionClassifier classifier, WebDemoOptions options, Gates gates, ILogger<LiveSession> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsJsonAsync(new { error = "This address takes a WebSocket (the page's Listen button)." });
            return;
        }
        using var webSocket = await http.WebSockets.AcceptWebSocketAsync();
        using var socket = new LiveSocket(webSocket, options.MaxMessageBytes);
        using var lease = gates.Live.TryEnter();
        if (lease is null)
        {
            await socket.CloseAsync("error", $"The server is busy ({gates.Live.Capacity} live sessions); please try again in a minute.",
                WebSocketCloseStatus.EndpointUnavailable);
            return;
        }
        await new LiveSession(socket, classifier, options, logger).RunAsync(http.RequestAborted);
    }
}
