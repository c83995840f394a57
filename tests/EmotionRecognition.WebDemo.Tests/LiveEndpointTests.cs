using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary><c>/live</c> over a real socket: real speech gives the library's windows; bad clients get a message and a close.</summary>
public sealed class LiveEndpointTests
{
    // The recording sent as fast as the socket goes: no real-time check, and room to queue all of it.
    private static readonly Dictionary<string, string?> NoPacing = new() { ["MaxAheadSeconds"] = "600", ["QueueCapacity"] = "1000" };

    [Theory]
    [InlineData("f32")]
    [InlineData("s16")]
    public async Task Speech_sent_in_frames_gets_the_library_windows(string format)
    {
        await using var server = await DemoServer.StartAsync(NoPacing);
        var expected = server.Classifier.ClassifySegments(TestClips.SpeechWav, server.Options.Window, server.Options.Hop).ToList();
        await using var client = await LiveClient.ConnectAsync(server);
        await client.StartAsync(TestClips.SampleRate, format);
        var ready = await client.ReadUntilAsync("ready");
        Assert.Equal(TestClips.SampleRate, ready.GetProperty("sampleRate").GetInt32());

        // Frames of the size a browser's worklet sends, in the chosen encoding.
        foreach (var block in TestClips.SpeechSamples.Chunk(2048))
            await client.SendBytesAsync(format == "f32" ? MemoryMarshal.AsBytes(block.AsSpan()).ToArray() : Int16Bytes(block));
        var windows = new List<JsonElement>();
        while (windows.Count < expected.Count) windows.Add((await client.ReadUntilAsync("window")).GetProperty("window"));

        Assert.True(expected.Count >= 5, $"the recording gives {expected.Count} windows");
        Assert.True(expected.Select(s => s.Prediction.Emotion).Distinct().Count() >= 2, "the recording should hold more than one emotion");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Start.TotalSeconds, windows[i].GetProperty("start").GetDouble(), 3);
            Assert.Equal(expected[i].Prediction.Emotion.ToLabel(), windows[i].GetProperty("emotion").GetString());
            var probabilities = windows[i].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
            Assert.Equal(expected[i].Prediction.Probabilities, probabilities, (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("""{"type":"start","sampleRate":3,"format":"f32"}""")]
    [InlineData("""{"type":"start","sampleRate":48000,"format":"mp3"}""")]
    public async Task A_bad_start_message_is_answered_and_closed(string start)
    {
        await using var server = await DemoServer.StartAsync();
        await using var client = await LiveClient.ConnectAsync(server);
        await client.SendTextAsync(start);
        var error = await ReadErrorAsync(client);
        Assert.Contains("The first message must be JSON", error);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task Garbage_frames_are_answered_and_closed()
    {
        await using var server = await DemoServer.StartAsync();
        foreach (var (frame, says) in new (byte[], string)[]
                 {
                     (new byte[7], "not a whole number of 4-byte samples"),
                     (Random.Shared.GetItems<byte>([0xFF, 0x7F], 4096), "not audio samples"),
                 })
        {
            await using var client = await LiveClient.ConnectAsync(server);
            await client.StartAsync(48000);
            await client.ReadUntilAsync("ready");
            await client.SendBytesAsync(frame);
            Assert.Contains(says, await ReadErrorAsync(client));
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);
        }
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxMessageBytes"] = "4096" });
        await using var client = await LiveClient.ConnectAsync(server);
        await client.StartAsync(48000);
        await client.ReadUntilAsync("ready");
        await client.SendAsync(new float[2048]);
        Assert.Contains("larger than the 4,096-byte limit", await ReadErrorAsync(client));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task A_client_faster_than_real_time_is_closed_with_a_message()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxAheadSeconds"] = "1" });
        await using var client = await ReadyClientAsync(server);
        // The recording is about 11 s: sent at once it is far ahead of the clock.
        await SendUntilClosedAsync(client, TestClips.SpeechSamples.Chunk(2048));
        Assert.Contains("faster than real time", await ReadErrorAsync(client));
    }

    [Fact]
    public async Task A_client_that_outruns_the_classifier_queue_is_closed_with_a_message()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxAheadSeconds"] = "600", ["QueueCapacity"] = "1" });
        await using var client = await ReadyClientAsync(server);
        // Three times the recording in small frames: every window the classifier scores lets many frames arrive.
        await SendUntilClosedAsync(client, Enumerable.Repeat(0, 3).SelectMany(_ => TestClips.SpeechSamples.Chunk(256)));
        Assert.Contains("The server is behind on this session's audio", await ReadErrorAsync(client));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
    }

    [Fact]
    public async Task A_session_ends_at_its_audio_limit()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxSessionSeconds"] = "4", ["MaxAheadSeconds"] = "600" });
        await using var client = await ReadyClientAsync(server);
        await SendUntilClosedAsync(client, TestClips.SpeechSamples.Chunk(2048));
        var messages = await client.ReadToCloseAsync();
        var end = Assert.Single(messages, m => m.GetProperty("type").GetString() == "end");
        Assert.Contains("limit of 4 s of audio", end.GetProperty("message").GetString());
        // 4 s of audio completes the first 3 s window; the second (1.5-4.5 s) never completes.
        Assert.Single(messages, m => m.GetProperty("type").GetString() == "window");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Sessions_past_the_limit_are_told_the_server_is_busy_and_a_closed_session_frees_its_place()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxLiveSessions"] = "1" });
        var first = await LiveClient.ConnectAsync(server);
        await first.StartAsync(48000);
        await first.ReadUntilAsync("ready");

        await using (var second = await LiveClient.ConnectAsync(server))
        {
            Assert.Contains("The server is busy (1 live sessions)", await ReadErrorAsync(second));
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, second.CloseStatus);
        }

        await first.DisposeAsync();
        // The place is given back when the server sees the close; a new session is admitted within a few tries.
        for (var attempt = 0; ; attempt++)
        {
            await using var third = await LiveClient.ConnectAsync(server);
            await third.StartAsync(48000);
            var reply = await third.ReadAsync();
            if (reply?.GetProperty("type").GetString() == "ready") break;
            Assert.True(attempt < 50, "the closed session's place was never given back");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_plain_request_to_the_live_address_is_told_what_it_takes()
    {
        await using var server = await DemoServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        var response = await http.GetAsync("/live");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync());
    }

    private static async Task<LiveClient> ReadyClientAsync(DemoServer server)
    {
        var client = await LiveClient.ConnectAsync(server);
        await client.StartAsync(TestClips.SampleRate);
        await client.ReadUntilAsync("ready");
        return client;
    }

    // The server may close the session mid-send: that is what these tests provoke, and its message is read afterwards.
    private static async Task SendUntilClosedAsync(LiveClient client, IEnumerable<float[]> blocks)
    {
        try
        {
            foreach (var block in blocks) await client.SendAsync(block);
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task<string> ReadErrorAsync(LiveClient client)
    {
        var messages = await client.ReadToCloseAsync();
        var error = Assert.Single(messages, m => m.GetProperty("type").GetString() == "error");
        return error.GetProperty("message").GetString()!;
    }

    private static byte[] Int16Bytes(float[] block)
    {
        var pcm = block.Select(s => (short)Math.Clamp(MathF.Round(s * 32768f), short.MinValue, short.MaxValue)).ToArray();
        return MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
    }
}
