using EmotionRecognition.Features;
using Microsoft.ML.Transforms;

namespace EmotionRecognition.Pipeline;

// ML.NET finds these by their contract names when it loads a saved pipeline; they live together so one namespace holds them all.

/// <summary>Recreates the seed <see cref="EmotionCatalog.LoadAudio"/> mapping when ML.NET loads a saved pipeline.</summary>
[CustomMappingFactoryAttribute(EmotionCatalog.LoadAudioContract)]
public sealed class LoadAudioMappingFactory : CustomMappingFactory<AudioPathRow, AudioSamplesRow>
{
    /// <inheritdoc/>
    public override Action<AudioPathRow, AudioSamplesRow> GetMapping() => Mappings.LoadAudio(FeatureSpec.Seed);
}

/// <summary>Recreates the seed <see cref="EmotionCatalog.ExtractSpeechFeatures"/> mapping when ML.NET loads a saved pipeline.</summary>
[CustomMappingFactoryAttribute(EmotionCatalog.SpeechFeaturesContract)]
public sealed class SpeechFeaturesMappingFactory : CustomMappingFactory<AudioSamplesRow, SpeechFeaturesRow>
{
    /// <inheritdoc/>
    public override Action<AudioSamplesRow, SpeechFeaturesRow> GetMapping() => Mappings.ExtractFeatures(FeatureSpec.Seed);
}

/// <summary>Recreates the label step of <see cref="EmotionModel.CreatePipeline"/> (the seven emotions) when ML.NET loads a saved pipeline.</summary>
[CustomMappingFactoryAttribute(EmotionPipeline.PredictedEmotionContract)]
public sealed class PredictedEmotionMappingFactory : CustomMappingFactory<EmotionProbabilitiesRow, PredictedEmotionRow>
{
    /// <inheritdoc/>
    public override Action<EmotionProbabilitiesRow, PredictedEmotionRow> GetMapping() => EmotionPipeline.PredictedLabel(EmotionLabels.All);
}
