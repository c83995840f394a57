using EmotionRecognition;
using EmotionRecognition.Audio;
using EmotionRecognition.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
// One shared classifier for every request: the model named in appsettings.json, or the shipped default model.
builder.Services.AddEmotionClassifier(builder.Configuration.GetSection(EmotionClassifierSettings.SectionName));
var app = builder.Build();

// POST an audio file as the multipart field "file"; get its emotion as JSON, or a 400 with the reason.
app.MapPost("/classify", async (HttpRequest request, EmotionClassifier classifier, CancellationToken cancellationToken) =>
{
    if (!request.HasFormContentType)
        return Results.BadRequest(new ErrorResponse("Send the audio as multipart/form-data in a field named 'file'."));
    var form = await request.ReadFormAsync(cancellationToken);
    if (form.Files.GetFile("file") is not { Length: > 0 } file)
        return Results.BadRequest(new ErrorResponse("The form has no non-empty field named 'file'."));
    try
    {
        await using var audio = file.OpenReadStream();
        return Results.Ok(EmotionResponse.From(file.FileName, classifier.Classify(audio)));
    }
    catch (Exception e) when (e is AudioFormatException or ArgumentException)
    {
        // Not audio, a damaged file, or NaN samples: the client's upload, not the server, is at fault.
        return Results.BadRequest(new ErrorResponse(e.Message));
    }
}).DisableAntiforgery();

app.Run();

/// <summary>The answer for one file: the emotion (null without speech), its confidence, every probability and the one-line text.</summary>
internal sealed record EmotionResponse(string File, string? Emotion, float? Confidence, bool HasSpeech, Dictionary<string, float> Probabilities, string Text)
{
    internal static EmotionResponse From(string file, EmotionPrediction p) => new(
        file,
        p.HasSpeech ? p.Emotion.ToLabel() : null,
        p.HasSpeech ? p.Confidence : null,
        p.HasSpeech,
        Enum.GetValues<Emotion>().ToDictionary(e => e.ToLabel(), p.ProbabilityOf),
        p.ToString());
}

/// <summary>Why a request was refused.</summary>
internal sealed record ErrorResponse(string Error);

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
