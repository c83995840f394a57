using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace EmotionRecognition.Pipeline;

/// <summary>Builds the complete ML.NET pipeline of a model bundle: audio path in, emotion probabilities out.</summary>
internal static class EmotionPipeline
{
    internal const string ProbabilitiesColumn = "Probabilities";
    internal const string PredictedLabelColumn = "PredictedLabel";

    /// <summary>The saved-pipeline name of the label step for bundles with the seven emotions in <see cref="EmotionLabels.All"/> order.</summary>
    internal const string PredictedEmotionContract = "EmotionRecognition.PredictedEmotion";

    internal static ITransformer Create(ModelBundle bundle, MLContext mlContext, string inputColumnName)
    {
        var spec = bundle.FeatureSpec;
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<AudioPathRow>(),
            EmotionCatalog.Rename<AudioPathRow>(nameof(AudioPathRow.Path), inputColumnName));
        var featurise = mlContext.Transforms.LoadAudio(spec, inputColumnName: inputColumnName)
            .Append(mlContext.Transforms.ExtractSpeechFeatures(spec, ModelBundle.FeaturesColumn))
            .Fit(empty);
        var scaled = featurise.Append(bundle.LoadScaler(mlContext));
        // ML.NET's ONNX transform binds graph inputs and outputs to columns of the same names.
        var onnxIn = mlContext.Transforms.CopyColumns(bundle.InputName, ModelBundle.FeaturesColumn);
        using var onnxBytes = new MemoryStream(bundle.OnnxModel, writable: false);
        var scoring = onnxIn
            .Append(mlContext.Transforms.ApplyOnnxModel([bundle.OutputName], [bundle.InputName], onnxBytes))
            .Append(mlContext.Transforms.CopyColumns(ProbabilitiesColumn, bundle.OutputName))
            .Append(mlContext.Transforms.CustomMapping(PredictedLabel(bundle.Labels),
                bundle.Labels.SequenceEqual(EmotionLabels.All) ? PredictedEmotionContract : null));
        return scaled.Append(scoring.Fit(scaled.Transform(empty)));
    }

    internal static Action<EmotionProbabilitiesRow, PredictedEmotionRow> PredictedLabel(IReadOnlyList<string> labels) =>
        (input, output) => output.PredictedLabel = labels[System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(input.Probabilities)];
}

/// <summary>Recreates the label step of <see cref="ModelBundle.CreatePipeline"/> (the seven emotions) when ML.NET loads a saved pipeline.</summary>
[CustomMappingFactoryAttribute(EmotionPipeline.PredictedEmotionContract)]
public sealed class PredictedEmotionMappingFactory : CustomMappingFactory<EmotionProbabilitiesRow, PredictedEmotionRow>
{
    /// <inheritdoc/>
    public override Action<EmotionProbabilitiesRow, PredictedEmotionRow> GetMapping() => EmotionPipeline.PredictedLabel(EmotionLabels.All);
}
