namespace EmotionRecognition.Augmentation;

/// <summary>One training copy of a clip.</summary>
public enum AugmentationKind
{
    /// <summary>The clip unchanged.</summary>
    Original,

    /// <summary>The clip with Gaussian noise (<see cref="Noise"/>).</summary>
    Noise,

    /// <summary>The clip pitch-shifted (<see cref="PitchShift"/>).</summary>
    Pitch,

    /// <summary>The pitch-shifted clip with noise added.</summary>
    PitchAndNoise,

    /// <summary>The clip time-stretched (<see cref="TimeStretch"/>).</summary>
    Stretch,
}
