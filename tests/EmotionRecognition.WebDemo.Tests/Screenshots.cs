using Microsoft.Playwright;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>Where the browser tests save their screenshots: WEBDEMO_SCREENSHOTS (docs/images when refreshing the docs), else a temp folder.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
        Environment.GetEnvironmentVariable("WEBDEMO_SCREENSHOTS") is { Length: > 0 } folder
            ? Directory.CreateDirectory(folder).FullName
            : TestData.SharedData.NewTempDirectory("webdemo-screens"));

    public static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder.Value, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        AssertWritten(path);
    }

    public static async Task SaveAsync(ILocator element, string name)
    {
        var path = Path.Combine(Folder.Value, name);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        AssertWritten(path);
    }

    private static void AssertWritten(string path) => Assert.True(new FileInfo(path).Length > 10_000, $"the screenshot {path} is empty");
}
