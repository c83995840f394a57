namespace EmotionRecognition.Pipeline;

/// <summary>The input row of <see cref="EmotionCatalog.LoadAudio"/>: an audio file path.</summary>
public sealed class AudioPathRow
{
    /// <summary>The audio file.</summary>
    public string Path { get; set; } = "";
}

/// <summary>Mono samples at the feature spec's sample rate: the output of <see cref="EmotionCatalog.LoadAudio"/>.</summary>
public sealed class AudioSamplesRow
{
    /// <summary>The samples (variable length).</summary>
    public float[] Samples { get; set; } = [];
}

/// <summary>A feature vector: the output of <see cref="EmotionCatalog.ExtractSpeechFeatures"/>.</summary>
public sealed class SpeechFeaturesRow
{
    /// <summary>The vector, <see cref="Features.FeatureSpec.VectorLength"/> values long.</summary>
    public float[] Features { get; set; } = [];
}
