namespace EmotionRecognition.WebDemo.Hosting;

/// <summary>The two admission limits of the demo, one for live sessions and one for file analyses.</summary>
internal sealed class Gates(WebDemoOptions options)
{
    public SessionGate Live { get; } = new(options.MaxLiveSessions);

    public SessionGate Uploads { get; } = new(options.MaxConcurrentUploads);
}
