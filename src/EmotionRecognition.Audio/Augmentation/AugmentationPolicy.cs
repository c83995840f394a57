namespace EmotionRecognition.Augmentation;

/// <summary>Which copies of each training clip to produce, and the augmentation settings.</summary>
public sealed record AugmentationPolicy
{
    /// <summary>The original project's 4x set: original, noise, pitch, pitch + noise.</summary>
    public static AugmentationPolicy Seed { get; } = new()
    {
        Copies = [AugmentationKind.Original, AugmentationKind.Noise, AugmentationKind.Pitch, AugmentationKind.PitchAndNoise],
    };

    /// <summary>Only the original clip (for evaluation data).</summary>
    public static AugmentationPolicy None { get; } = new() { Copies = [AugmentationKind.Original] };

    /// <summary>The copies, in output order.</summary>
    public IReadOnlyList<AugmentationKind> Copies { get; init; } = [AugmentationKind.Original];

    /// <summary>Noise amplitude factor (0.035 in the original).</summary>
    public double NoiseFactor { get; init; } = Noise.DefaultFactor;

    /// <summary>Pitch shift in semitones (0.7 in the original).</summary>
    public double PitchSemitones { get; init; } = 0.7;

    /// <summary>Time-stretch rate (0.8 in the original's notebook).</summary>
    public double StretchRate { get; init; } = 0.8;

    /// <summary>Produces the copies of <paramref name="signal"/> listed in <see cref="Copies"/>.</summary>
    /// <param name="signal">Mono samples.</param>
    /// <param name="sampleRate">The signal's sample rate (Hz).</param>
    /// <param name="random">Random source for the noise draws; seed it for reproducible sets.</param>
    public IReadOnlyList<float[]> Apply(ReadOnlySpan<float> signal, int sampleRate, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var copies = new List<float[]>(Copies.Count);
        float[]? pitched = null;
        foreach (var kind in Copies)
        {
            copies.Add(kind switch
            {
                AugmentationKind.Original => signal.ToArray(),
                AugmentationKind.Noise => Noise.Add(signal, random, NoiseFactor),
                AugmentationKind.Pitch => pitched ??= PitchShift.Apply(signal, sampleRate, PitchSemitones),
                AugmentationKind.PitchAndNoise => Noise.Add(pitched ??= PitchShift.Apply(signal, sampleRate, PitchSemitones), random, NoiseFactor),
                AugmentationKind.Stretch => TimeStretch.Apply(signal, StretchRate),
                _ => throw new InvalidOperationException($"{nameof(Copies)} lists {kind}, which is not an augmentation."),
            });
        }
        return copies;
    }
}
