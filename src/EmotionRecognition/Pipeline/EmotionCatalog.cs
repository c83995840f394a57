using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace EmotionRecognition;

/// <summary>
/// ML.NET transforms for speech: load audio with librosa.load's semantics and compute librosa-equal feature vectors, so that
/// ML.NET pipelines (and this library's trainer and classifier) featurise audio the same way.
/// </summary>
/// <example>
/// <code>
/// var ml = new MLContext();
/// var pipeline = ml.Transforms.LoadAudio()                         // Path -> Samples (mono, 22,050 Hz, 0.6 s + 2.5 s)
///     .Append(ml.Transforms.ExtractSpeechFeatures())               // Samples -> Features (2,376 values)
///     .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
/// </code>
/// </example>
/// <remarks>
/// Both transforms are ML.NET custom mappings. With the seed spec (<see cref="FeatureSpec.Seed"/>) they carry contract names,
/// so a fitted pipeline saves and loads with <c>MLContext.Model</c> once <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(EmotionCatalog).Assembly)</c>
/// has been called. A custom spec's mapping cannot be saved by ML.NET (a contract cannot carry parameters); models store
/// their spec themselves and rebuild these transforms from it. The mappings are thread-safe.
/// </remarks>
public static class EmotionCatalog
{
    /// <summary>The contract name of <see cref="LoadAudio"/> with the seed spec.</summary>
    public const string LoadAudioContract = "EmotionRecognition.LoadAudio.Seed";

    /// <summary>The contract name of <see cref="ExtractSpeechFeatures"/> with the seed spec.</summary>
    public const string SpeechFeaturesContract = "EmotionRecognition.SpeechFeatures.Seed";

    /// <summary>
    /// Loads the audio file named in a text column as mono samples, cut at the spec's offset and duration and resampled to its
    /// rate (librosa.load semantics).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="spec">The feature spec whose rate, offset and duration apply; <see cref="FeatureSpec.Seed"/> when null.</param>
    /// <param name="outputColumnName">The samples column (a variable-length float vector).</param>
    /// <param name="inputColumnName">The text column holding file paths.</param>
    /// <exception cref="AudioFormatException">At run time, for a file that cannot be decoded.</exception>
    public static CustomMappingEstimator<AudioPathRow, AudioSamplesRow> LoadAudio(this TransformsCatalog catalog, FeatureSpec? spec = null,
        string outputColumnName = "Samples", string inputColumnName = "Path")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        spec ??= FeatureSpec.Seed;
        spec.Validate();
        return catalog.CustomMapping(Mappings.LoadAudio(spec), IsSeed(spec) ? LoadAudioContract : null,
            Rename<AudioPathRow>(nameof(AudioPathRow.Path), inputColumnName),
            Rename<AudioSamplesRow>(nameof(AudioSamplesRow.Samples), outputColumnName));
    }

    /// <summary>Computes the spec's feature vector (seed: ZCR, RMS and 20 MFCCs per frame, 2,376 values) from a samples column.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="spec">The feature spec; <see cref="FeatureSpec.Seed"/> when null.</param>
    /// <param name="outputColumnName">The features column (a fixed-length float vector of <see cref="FeatureSpec.VectorLength"/>).</param>
    /// <param name="inputColumnName">The samples column (mono, at the spec's sample rate).</param>
    public static CustomMappingEstimator<AudioSamplesRow, SpeechFeaturesRow> ExtractSpeechFeatures(this TransformsCatalog catalog, FeatureSpec? spec = null,
        string outputColumnName = "Features", string inputColumnName = "Samples")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        spec ??= FeatureSpec.Seed;
        spec.Validate();
        var output = Rename<SpeechFeaturesRow>(nameof(SpeechFeaturesRow.Features), outputColumnName);
        output[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, spec.VectorLength);
        return catalog.CustomMapping(Mappings.ExtractFeatures(spec), IsSeed(spec) ? SpeechFeaturesContract : null,
            Rename<AudioSamplesRow>(nameof(AudioSamplesRow.Samples), inputColumnName), output);
    }

    private static bool IsSeed(FeatureSpec spec) => spec == FeatureSpec.Seed;

    internal static SchemaDefinition Rename<T>(string member, string columnName)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[member].ColumnName = columnName;
        return schema;
    }
}

/// <summary>The mapping actions behind <see cref="EmotionCatalog"/>, shared by the saved-pipeline factories.</summary>
internal static class Mappings
{
    internal static Action<AudioPathRow, AudioSamplesRow> LoadAudio(FeatureSpec spec)
    {
        var options = spec.ToLoadOptions();
        return (input, output) => output.Samples = SpeechFeaturization.LoadSamples(input.Path, options);
    }

    internal static Action<AudioSamplesRow, SpeechFeaturesRow> ExtractFeatures(FeatureSpec spec)
    {
        var extractor = new FeatureExtractor(spec);
        return (input, output) => output.Features = extractor.ExtractVector(input.Samples);
    }
}

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
