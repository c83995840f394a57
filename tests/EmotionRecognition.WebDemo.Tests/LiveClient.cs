using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>A test's side of <c>/live</c>: sends the start message and PCM frames, reads the server's JSON messages.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<LiveClient> ConnectAsync(DemoServer server)
    {
        var client = new LiveClient();
        await client._socket.ConnectAsync(server.LiveAddress, CancellationToken.None);
        return client;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task StartAsync(int sampleRate, string format = "f32") =>
        SendTextAsync($$"""{"type":"start","sampleRate":{{sampleRate}},"format":"{{format}}"}""");

    public Task SendBytesAsync(ReadOnlyMemory<byte> bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None).AsTask();

    public Task SendAsync(ReadOnlySpan<float> samples) => SendBytesAsync(MemoryMarshal.AsBytes(samples).ToArray());

    /// <summary>The next JSON message, or null once the server has closed.</summary>
    public async Task<JsonElement?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage) return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
    }

    /// <summary>Reads until a message of <paramref name="type"/> arrives; fails if the server closes first.</summary>
    public async Task<JsonElement> ReadUntilAsync(string type)
    {
        while (await ReadAsync() is { } message)
            if (message.GetProperty("type").GetString() == type) return message;
        throw new InvalidOperationException($"The server closed ({CloseStatus}) before a '{type}' message.");
    }

    /// <summary>Every message up to the server's close.</summary>
    public async Task<List<JsonElement>> ReadToCloseAsync()
    {
        var messages = new List<JsonElement>();
        while (await ReadAsync() is { } message) messages.Add(message);
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }
        _socket.Dispose();
    }
}
