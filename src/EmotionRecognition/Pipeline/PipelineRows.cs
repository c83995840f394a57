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
    /// <remarks>
    /// Declared at the seed spec's 2,376 values because a pipeline loaded by <c>MLContext.Model.Load</c> takes the column type
    /// from this attribute, and the scaler after it needs a known size; other specs override it when the pipeline is built.
    /// </remarks>
    [Microsoft.ML.Data.VectorType(2376)]
    public float[] Features { get; set; } = [];
}

/// <summary>The model's class probabilities: the input of the label step of <see cref="EmotionModel.CreatePipeline"/>.</summary>
public sealed class EmotionProbabilitiesRow
{
    /// <summary>One probability per label, in the model's label order.</summary>
    [Microsoft.ML.Data.VectorType]
    public float[] Probabilities { get; set; } = [];
}

/// <summary>The most probable label: the output of the label step of <see cref="EmotionModel.CreatePipeline"/>.</summary>
public sealed class PredictedEmotionRow
{
    /// <summary>The label with the highest probability (e.g. "happy").</summary>
    public string PredictedLabel { get; set; } = "";
}
