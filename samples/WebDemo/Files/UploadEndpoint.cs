using EmotionRecognition.Audio;
using EmotionRecognition.WebDemo.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace EmotionRecognition.WebDemo.Files;

/// <summary>
/// <c>POST /api/segments?name=FILE</c> with the file's bytes as the body: saved to a temporary file within the size limit, decoded
/// by <see cref="AudioFile"/> (format from the content, never the name), classified window by window. Every refusal is JSON
/// <c>{"error": "..."}</c> with a status: 413 too large or long, 415 not audio, 503 busy.
/// </summary>
internal static class UploadEndpoint
{
    private const int CopyBlock = 81920;

    public static async Task<IResult> HandleAsync(
        HttpContext http, EmotionClassifier classifier, WebDemoOptions options, Gates gates, ILogger<FileAnalysis> logger)
    {
        var name = DisplayName(http.Request.Query["name"]);
        if (http.Request.ContentLength > options.MaxUploadBytes) return TooLarge(name, options);
        using var lease = gates.Uploads.TryEnter();
        if (lease is null) return Error(StatusCodes.Status503ServiceUnavailable, "The server is busy analysing other files; please try again in a minute.");
        var path = Path.Combine(Path.GetTempPath(), $"webdemo-{Guid.NewGuid():N}.upload");
        try
        {
            if (!await SaveAsync(http, path, options.MaxUploadBytes)) return TooLarge(name, options);
            var analysis = await Task.Run(() => FileAnalysis.Run(path, name, classifier, options, http.RequestAborted), http.RequestAborted);
            return Results.Json(analysis);
        }
        catch (AudioFormatException e)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, $"{name}: {e.Problem}");
        }
        catch (UploadTooLargeException e)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(name, options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Copies the body to <paramref name="path"/>; false as soon as it passes the limit.</summary>
    private static async Task<bool> SaveAsync(HttpContext http, string path, long limit)
    {
        // Kestrel's own cap (30 MB by default) is raised to ours, with one byte over so that the count below decides.
        var sizeFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit + 1;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBlock, useAsync: true);
        var buffer = new byte[CopyBlock];
        long total = 0;
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
        {
            total += read;
            if (total > limit) return false;
            await file.WriteAsync(buffer.AsMemory(0, read), http.RequestAborted);
        }
        return true;
    }

    private static IResult TooLarge(string name, WebDemoOptions options) =>
        Error(StatusCodes.Status413PayloadTooLarge, $"{name} is larger than the {options.MaxUploadBytes / (1024.0 * 1024):0.#} MB this demo accepts.");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    // The name is shown, never used as a path.
    private static string DisplayName(string? name)
    {
        var file = Path.GetFileName(name ?? "");
        return string.IsNullOrWhiteSpace(file) ? "The upload" : file.Length <= 100 ? file : file[..100];
    }
}
