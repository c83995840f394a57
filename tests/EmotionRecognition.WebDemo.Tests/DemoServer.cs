using EmotionRecognition.WebDemo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>The demo on a real Kestrel socket at 127.0.0.1 on a free port, with settings changed for a test.</summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri LiveAddress => new UriBuilder(Address) { Scheme = "ws", Path = "/live" }.Uri;

    public EmotionClassifier Classifier => _app.Services.GetRequiredService<EmotionClassifier>();

    public WebDemoOptions Options => _app.Services.GetRequiredService<WebDemoOptions>();

    public static async Task<DemoServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = WebDemoApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(
                (settings ?? new Dictionary<string, string?>()).Select(s => KeyValuePair.Create("WebDemo:" + s.Key, s.Value))
                .Append(KeyValuePair.Create("Logging:LogLevel:Default", (string?)"Warning")));
        });
        await app.StartAsync();
        return new DemoServer(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One demo shared by a test class: the shipped settings, or the class's own.</summary>
public class DemoFixture : IAsyncLifetime
{
    public DemoServer Server { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Server = await DemoServer.StartAsync(Settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
