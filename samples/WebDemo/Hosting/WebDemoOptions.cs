using System.ComponentModel.DataAnnotations;

namespace EmotionRecognition.WebDemo.Hosting;

/// <summary>The demo's settings (section <c>WebDemo</c>): the model, the windows, and every limit that keeps one client from
/// taking the server down.</summary>
public sealed class WebDemoOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "WebDemo";

    /// <summary>A model to load; null for the shipped default model.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Window length in seconds, for live audio and files alike.</summary>
    [Range(0.5, 30)]
    public double WindowSeconds { get; set; } = 3;

    /// <summary>Distance between window starts in seconds.</summary>
    [Range(0.1, 30)]
    public double HopSeconds { get; set; } = 1.5;

    /// <summary>Live sessions served at once; the next one is told the server is busy.</summary>
    [Range(1, 10_000)]
    public int MaxLiveSessions { get; set; } = 32;

    /// <summary>Seconds of audio one live session may send before it is ended.</summary>
    [Range(1, 86_400)]
    public double MaxSessionSeconds { get; set; } = 600;

    /// <summary>The largest WebSocket message accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>How far, in seconds of audio, a client may run ahead of the wall clock before it is closed as too fast.</summary>
    [Range(0.1, 600)]
    public double MaxAheadSeconds { get; set; } = 2;

    /// <summary>Received messages waiting for the classifier; when full, the server is behind and the session is closed.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 128;

    /// <summary>The largest file accepted, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The longest file analysed, in seconds of audio.</summary>
    [Range(1, 86_400)]
    public double MaxUploadSeconds { get; set; } = 1800;

    /// <summary>Files analysed at once; the next one is told the server is busy.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentUploads { get; set; } = 2;

    internal TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    internal TimeSpan Hop => TimeSpan.FromSeconds(HopSeconds);
}
