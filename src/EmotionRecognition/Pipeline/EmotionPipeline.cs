using EmotionRecognition.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Pipeline;

/// <summary>Builds the complete ML.NET pipeline of a model bundle: audio path in, emotion probabilities out.</summary>
internal static class EmotionPipeline
{
    internal const string ProbabilitiesColumn = "Probabilities";
    internal const string PredictedLabelColumn = "PredictedLabel";

    internal static ITransformer Create(ModelBundle bundle, MLContext mlContext, string inputColumnName)
    {
        var spec = bundle.FeatureSpec;
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<AudioPathRow>(),
            RenamedPath(inputColumnName));
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
            .Append(mlContext.Transforms.CustomMapping(PredictedLabel(bundle.Labels), contractName: null));
        return scaled.Append(scoring.Fit(scaled.Transform(empty)));
    }

    private static SchemaDefinition RenamedPath(string columnName)
    {
        var schema = SchemaDefinition.Create(typeof(AudioPathRow));
        schema[nameof(AudioPathRow.Path)].ColumnName = columnName;
        return schema;
    }

    private static Action<ProbabilitiesRow, PredictedLabelRow> PredictedLabel(IReadOnlyList<string> labels) =>
        (input, output) => output.PredictedLabel = labels[System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(input.Probabilities)];

    private sealed class ProbabilitiesRow
    {
        [VectorType]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed class PredictedLabelRow
    {
        public string PredictedLabel { get; set; } = "";
    }
}
