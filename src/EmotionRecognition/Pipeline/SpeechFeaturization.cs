using EmotionRecognition.Audio;
using EmotionRecognition.Features;

namespace EmotionRecognition.Pipeline;

/// <summary>
/// The one way audio becomes model input, shared by the ML.NET mappings and the training road so that a model never meets
/// features it was not trained on.
/// </summary>
internal static class SpeechFeaturization
{
    /// <summary>The spec's samples of a file: librosa.load semantics at the spec's rate, offset and duration.</summary>
    internal static float[] LoadSamples(string path, AudioLoadOptions options) => AudioLoader.Load(path, options).Samples;

    /// <inheritdoc cref="LoadSamples(string, AudioLoadOptions)"/>
    internal static float[] LoadSamples(string path, FeatureSpec spec) => LoadSamples(path, spec.ToLoadOptions());
}
