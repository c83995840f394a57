using System.Net.WebSockets;
using System.Text.Json;

namespace EmotionRecognition.WebDemo.Live;

/// <summary>The server side of one live WebSocket: JSON messages out (one sender at a time), bounded messages in.</summary>
internal sealed class LiveSocket(WebSocket socket, int maxMessageBytes) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _buffer = new byte[maxMessageBytes];

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>The next whole message, or null when the client closed; a message over the limit is a protocol error.</summary>
    public async Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Bytes)?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
                throw new LiveProtocolException($"A message is larger than the {_buffer.Length:N0}-byte limit.", WebSocketCloseStatus.MessageTooBig);
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) return (result.MessageType, _buffer.AsMemory(0, length));
        }
    }

    public async Task SendAsync<T>(T message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (IsOpen) await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Tells the page why the session ends (type "error" or "end"), then closes; a vanished client is not waited for.</summary>
    public async Task CloseAsync(string type, string message, WebSocketCloseStatus status)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await SendAsync(new { type, message }, timeout.Token);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(status, Truncate(message), timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    /// <summary>Answers the client's close frame, so that a client that hung up ends with a complete close handshake.</summary>
    public async Task AcknowledgeCloseAsync()
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    public void Dispose() => _sendLock.Dispose();

    // A close frame's reason is limited to 123 UTF-8 bytes.
    private static string Truncate(string message) => message.Length <= 120 ? message : message[..117] + "...";
}
