using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary><c>POST /api/segments</c>: real recordings get the library's windows; non-audio and oversized uploads get a reason.</summary>
public sealed class UploadEndpointTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_recording_gets_the_library_windows_and_a_waveform(bool flac)
    {
        var path = flac ? TestClips.OneFlac : TestClips.SpeechWav;
        var server = demo.Server;
        var expected = server.Classifier.ClassifySegments(path, server.Options.Window, server.Options.Hop).ToList();

        var (status, body) = await PostAsync(server, File.ReadAllBytes(path), Path.GetFileName(path));

        Assert.Equal(HttpStatusCode.OK, status);
        var windows = body.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(expected.Count, windows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Start.TotalSeconds, windows[i].GetProperty("start").GetDouble(), 3);
            Assert.Equal(expected[i].Prediction.Emotion.ToLabel(), windows[i].GetProperty("emotion").GetString());
        }
        var duration = Audio.AudioLoader.Load(path, new Audio.AudioLoadOptions { SampleRate = null }).Duration.TotalSeconds;
        Assert.Equal(duration, body.GetProperty("duration").GetDouble(), 2);
        var waveform = body.GetProperty("waveform").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(800, waveform.Length);
        Assert.All(waveform, v => Assert.InRange(v, 0f, 1f));
        // RAVDESS clips open with silence and then speak: the drawn level must show both.
        Assert.True(waveform[..20].Max() < 0.01f && waveform.Max() > 0.1f, "the waveform does not follow the audio");
    }

    [Fact]
    public async Task Non_audio_is_refused_with_the_decoder_reason()
    {
        var (status, body) = await PostAsync(demo.Server, "<html>this is a web page</html>"u8.ToArray(), "song.mp3");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("song.mp3: not a recognised audio format (first bytes 3C68746D6C3E7468)", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_truncated_flac_is_refused_and_the_server_goes_on()
    {
        var bytes = File.ReadAllBytes(TestClips.OneFlac)[..200];
        var (status, body) = await PostAsync(demo.Server, bytes, "cut.flac");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("cut.flac: ", body.GetProperty("error").GetString());

        var (after, _) = await PostAsync(demo.Server, File.ReadAllBytes(TestClips.OneFlac), "whole.flac");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_over_the_size_limit_is_refused_whether_or_not_it_declares_its_length(bool declared)
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxUploadBytes"] = "1000000" });
        var bytes = new byte[3_000_000];
        Random.Shared.NextBytes(bytes);
        HttpContent content = declared ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        var (status, body) = await PostAsync(server, content, "big.wav");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("big.wav is larger than the 1 MB this demo accepts.", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_recording_over_the_length_limit_is_refused()
    {
        await using var server = await DemoServer.StartAsync(new Dictionary<string, string?> { ["MaxUploadSeconds"] = "5" });
        var (status, body) = await PostAsync(server, File.ReadAllBytes(TestClips.SpeechWav), "long.wav");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("long.wav is longer than the 5 s this demo analyses.", body.GetProperty("error").GetString());
    }

    private static Task<(HttpStatusCode, JsonElement)> PostAsync(DemoServer server, byte[] bytes, string name) =>
        PostAsync(server, new ByteArrayContent(bytes), name);

    private static async Task<(HttpStatusCode, JsonElement)> PostAsync(DemoServer server, HttpContent content, string name)
    {
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/api/segments?name={Uri.EscapeDataString(name)}", content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>A body sent chunked, so that only the server's count can find it too large.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
