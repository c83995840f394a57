using EmotionRecognition.TestData;
using Microsoft.Playwright;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>), headless, driven by Playwright without a browser download. Its fake
/// microphone plays <see cref="TestClips.SpeechWav"/> in a loop and its media prompt is answered yes.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The system browser; CHROMIUM_PATH overrides it.</summary>
    public static string ExecutablePath => Requirements.ChromiumPath;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ExecutablePath))
            throw new FileNotFoundException($"The browser tests need Chromium at {ExecutablePath} (apt-get install chromium; .ci/run installs it).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + TestClips.SpeechWav,
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async Task<IPage> NewPageAsync(Uri address)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        await page.Locator("body[data-ready=true]").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
