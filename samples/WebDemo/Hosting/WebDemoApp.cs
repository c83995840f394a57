using EmotionRecognition.WebDemo.Files;
using EmotionRecognition.WebDemo.Live;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace EmotionRecognition.WebDemo.Hosting;

/// <summary>Builds the demo's web application: the page, <c>/live</c>, <c>/api/segments</c> and <c>/api/config</c>.</summary>
public static class WebDemoApp
{
    /// <summary>Builds the application from command-line arguments and configuration (section <see cref="WebDemoOptions.Section"/>).</summary>
    /// <param name="args">Command-line arguments (for example <c>--urls</c> or <c>--WebDemo:MaxLiveSessions=4</c>).</param>
    /// <param name="configure">Changes to the builder before it is built, such as settings for a test.</param>
    /// <returns>An application ready to start.</returns>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is read beside the assembly, whichever folder the demo is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddOptions<WebDemoOptions>().Bind(builder.Configuration.GetSection(WebDemoOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebDemoOptions>>().Value);
        builder.Services.AddSingleton<Gates>();
        builder.Services.AddSingleton(LoadClassifier);
        configure?.Invoke(builder);

        var app = builder.Build();
        // The page ships inside the assembly, so the demo runs the same from any folder, from a test or a published build.
        var page = new EmbeddedFileProvider(typeof(WebDemoApp).Assembly, "EmotionRecognition.WebDemo.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Map("/live", LiveEndpoint.HandleAsync);
        app.MapPost("/api/segments", UploadEndpoint.HandleAsync);
        app.MapGet("/api/config", (WebDemoOptions o) => new
        {
            labels = EmotionLabels.All,
            o.WindowSeconds,
            o.HopSeconds,
            o.MaxUploadBytes,
            o.MaxSessionSeconds,
            o.MaxMessageBytes,
        });
        return app;
    }

    private static EmotionClassifier LoadClassifier(IServiceProvider services)
    {
        var options = services.GetRequiredService<WebDemoOptions>();
        var classifierOptions = new EmotionClassifierOptions { Logger = services.GetRequiredService<ILogger<EmotionClassifier>>() };
        return options.ModelPath is null
            ? EmotionClassifier.LoadDefault(classifierOptions)
            : EmotionClassifier.Load(options.ModelPath, classifierOptions);
    }
}
