using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EmotionRecognition;
using EmotionRecognition.TestData;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AspNetCoreApi.Tests;

/// <summary>The sample API in memory: real RAVDESS clips in, the classifier's own answers out; bad uploads refused with a reason.</summary>
public sealed class ClassifyEndpointTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public ClassifyEndpointTests(WebApplicationFactory<Program> factory) => _factory = factory;

    private static Task<HttpResponseMessage> Post(HttpClient client, byte[] bytes, string fileName, string field = "file")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, field, fileName);
        return client.PostAsync("/classify", form);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task EightConcurrentRequestsGetWhatClassifyGives()
    {
        var clips = Directory.GetFiles(Path.Combine(SharedData.Ravdess, "Actor_11"), "*.flac").Order(StringComparer.Ordinal).Where((_, i) => i % 7 == 0).Take(8).ToArray();
        using var client = _factory.CreateClient();

        var responses = await Task.WhenAll(clips.Select(async clip => await Post(client, await File.ReadAllBytesAsync(clip), Path.GetFileName(clip))));

        using var direct = EmotionClassifier.LoadDefault();
        for (var i = 0; i < clips.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            using var json = JsonDocument.Parse(await responses[i].Content.ReadAsStringAsync());
            var expected = direct.Classify(clips[i]);
            Assert.Equal(Path.GetFileName(clips[i]), json.RootElement.GetProperty("file").GetString());
            Assert.Equal(expected.HasSpeech ? expected.Emotion.ToLabel() : null, json.RootElement.GetProperty("emotion").GetString());
            Assert.Equal(expected.ToString(), json.RootElement.GetProperty("text").GetString());
            foreach (var emotion in Enum.GetValues<Emotion>())
                Assert.Equal(expected.ProbabilityOf(emotion), json.RootElement.GetProperty("probabilities").GetProperty(emotion.ToLabel()).GetSingle());
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("text", "file")]
    [InlineData("truncated", "file")]
    [InlineData("empty", "file")]
    [InlineData("wrong field", "audio")]
    public async Task BadUploadsGetA400WithAMessage(string kind, string field)
    {
        var clip = File.ReadAllBytes(Path.Combine(SharedData.Ravdess, "Actor_11", "03-01-01-01-01-01-11.flac"));
        var bytes = kind switch
        {
            "text" => "this is not audio"u8.ToArray(),
            "truncated" => clip[..200],
            "empty" => [],
            _ => clip,
        };
        using var client = _factory.CreateClient();

        var response = await Post(client, bytes, "upload.flac", field);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = json.RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message);
    }

    [Fact]
    public async Task ARequestThatIsNotAFormGetsA400()
    {
        using var client = _factory.CreateClient();
        var response = await client.PostAsync("/classify", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync());
    }
}
