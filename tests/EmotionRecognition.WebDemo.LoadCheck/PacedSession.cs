using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace EmotionRecognition.WebDemo.LoadCheck;

/// <summary>One live session sending its speech frame by frame on the wall clock, as a microphone would.</summary>
internal static class PacedSession
{
    private const int Frame = 2048;

    public sealed record Result(IReadOnlyList<double> LatenciesMs, string? Error);

    public static async Task<Result> RunAsync(Uri live, float[] speech)
    {
        using var socket = new ClientWebSocket();
        var latencies = new List<double>();
        Task<string?>? receiving = null;
        var clock = Stopwatch.StartNew();
        // sentAt[k]: when frame k (samples k*Frame .. (k+1)*Frame) left the client.
        var sentAt = new double[(speech.Length + Frame - 1) / Frame];
        try
        {
            await socket.ConnectAsync(live, CancellationToken.None);
            var start = $$"""{"type":"start","sampleRate":{{SpeechClips.SampleRate}},"format":"f32"}""";
            await socket.SendAsync(Encoding.UTF8.GetBytes(start), WebSocketMessageType.Text, true, CancellationToken.None);
            receiving = ReceiveAsync(socket, sentAt, clock, latencies);
            var t0 = clock.Elapsed.TotalSeconds;
            for (var k = 0; k < sentAt.Length; k++)
            {
                var due = t0 + (double)(k + 1) * Frame / SpeechClips.SampleRate;
                var wait = due - clock.Elapsed.TotalSeconds;
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
                var block = speech.AsMemory(k * Frame, Math.Min(Frame, speech.Length - k * Frame));
                sentAt[k] = clock.Elapsed.TotalMilliseconds;
                await socket.SendAsync(MemoryMarshal.AsBytes(block.Span).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            }
            // The last window's answer follows the last frame within milliseconds; then the session is closed by the client.
            await Task.Delay(1000);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            var error = await receiving;
            return new Result(latencies, error);
        }
        catch (WebSocketException e)
        {
            // A server that closed the session said why before closing.
            var reason = receiving is null ? null : await receiving.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
            return new Result(latencies, reason ?? e.Message);
        }
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, double[] sentAt, Stopwatch clock, List<double> latencies)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            var now = clock.Elapsed.TotalMilliseconds;
            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            var type = message.RootElement.GetProperty("type").GetString();
            if (type == "error") return message.RootElement.GetProperty("message").GetString();
            if (type != "window") continue;
            var end = message.RootElement.GetProperty("window").GetProperty("end").GetDouble();
            // The frame holding the window's last sample completed it.
            var frame = Math.Min(sentAt.Length - 1, (int)Math.Ceiling(end * SpeechClips.SampleRate / Frame) - 1);
            latencies.Add(now - sentAt[frame]);
        }
    }
}
