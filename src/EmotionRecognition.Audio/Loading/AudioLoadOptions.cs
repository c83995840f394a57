namespace EmotionRecognition.Audio;

/// <summary>What <see cref="AudioLoader"/> reads: the segment and the output rate, as <c>librosa.load</c>'s arguments.</summary>
public sealed record AudioLoadOptions
{
    /// <summary>The defaults: resample to 22,050 Hz, whole file.</summary>
    public static AudioLoadOptions Default { get; } = new();

    /// <summary>The output rate in Hz; <see langword="null"/> keeps the file's own rate. Default 22,050.</summary>
    public int? SampleRate { get; init; } = 22050;

    /// <summary>Seconds to skip from the start of the file. Default 0.</summary>
    public double Offset { get; init; }

    /// <summary>Seconds to read after <see cref="Offset"/>; <see langword="null"/> reads to the end. Default null.</summary>
    public double? Duration { get; init; }

    /// <summary>Checks every setting and reports all problems at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid; the message lists each.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (SampleRate is <= 0)
            problems.Add($"{nameof(SampleRate)} must be positive or null, not {SampleRate}");
        if (!double.IsFinite(Offset) || Offset < 0)
            problems.Add($"{nameof(Offset)} must be a finite number of seconds >= 0, not {Offset}");
        if (Duration is { } duration && (!double.IsFinite(duration) || duration < 0))
            problems.Add($"{nameof(Duration)} must be null or a finite number of seconds >= 0, not {duration}");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid audio load options: " + string.Join("; ", problems) + ".");
    }
}
