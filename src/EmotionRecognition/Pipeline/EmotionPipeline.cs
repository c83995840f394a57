using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace EmotionRecognition.Pipeline;

/// <summary>Builds the complete ML.NET pipeline of a model: audio path in, emotion probabilities out.</summary>
internal static class EmotionPipeline
{
    internal const string ProbabilitiesColumn = "Probabilities";
    internal const string PredictedLabelColumn = "PredictedLabel";

    /// <summary>The saved-pipeline name of the label step for models with the seven emotions in <see cref="EmotionLabels.All"/> order.</summary>
    internal const string PredictedEmotionContract = "EmotionRecognition.PredictedEmotion";

    internal static ITransformer Create(EmotionModel model, MLContext mlContext, string inputColumnName)
    {
        var spec = model.FeatureSpec;
        if (spec.IsVariableLength)
            return CreateForUtterances(model, mlContext, inputColumnName);
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<AudioPathRow>(),
            EmotionCatalog.Rename<AudioPathRow>(nameof(AudioPathRow.Path), inputColumnName));
        var featurise = mlContext.Transforms.LoadAudio(spec, inputColumnName: inputColumnName)
            .Append(mlContext.Transforms.ExtractSpeechFeatures(spec, EmotionModel.FeaturesColumn))
            .Fit(empty);
        var scaled = featurise.Append(model.LoadScaler(mlContext));
        // ML.NET's ONNX transform binds graph inputs and outputs to columns of the same names.
        var onnxIn = mlContext.Transforms.CopyColumns(model.InputName, EmotionModel.FeaturesColumn);
        using var onnxBytes = new MemoryStream(model.OnnxModel, writable: false);
        var scoring = onnxIn
            .Append(mlContext.Transforms.ApplyOnnxModel([model.OutputName], [model.InputName], onnxBytes))
            .Append(mlContext.Transforms.CopyColumns(ProbabilitiesColumn, model.OutputName))
            .Append(mlContext.Transforms.CustomMapping(PredictedLabel(model.Labels),
                model.Labels.SequenceEqual(EmotionLabels.All) ? PredictedEmotionContract : null));
        return scaled.Append(scoring.Fit(scaled.Transform(empty)));
    }

    /// <summary>
    /// ML.NET's ONNX transform binds one fixed input shape per pipeline, but utterances vary in length; so a variable-length model
    /// scores each row through its own ONNX Runtime session, the classifier's featurisation and graph, in one mapping step.
    /// </summary>
    private static TransformerChain<CustomMappingTransformer<EmotionProbabilitiesRow, PredictedEmotionRow>> CreateForUtterances(EmotionModel model, MLContext mlContext, string inputColumnName)
    {
        var spec = model.FeatureSpec;
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<AudioPathRow>(),
            EmotionCatalog.Rename<AudioPathRow>(nameof(AudioPathRow.Path), inputColumnName));
        var scorer = new Inference.OnnxScorer(model);
        var extractor = new Features.FeatureExtractor(spec);
        Action<AudioSamplesRow, EmotionProbabilitiesRow> score = (input, output) =>
        {
            // 64 k values per row: rented, not allocated, as the classifier does.
            var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(Inference.ModelInput.BufferLength(spec));
            try
            {
                var length = Inference.ModelInput.Write(extractor, model, input.Samples, buffer);
                output.Probabilities = new float[scorer.ClassCount];
                Inference.ModelInput.Score(scorer, buffer.AsSpan(0, length), output.Probabilities);
            }
            finally
            {
                System.Buffers.ArrayPool<float>.Shared.Return(buffer);
            }
        };
        var probabilities = SchemaDefinition.Create(typeof(EmotionProbabilitiesRow));
        probabilities[nameof(EmotionProbabilitiesRow.Probabilities)].ColumnName = ProbabilitiesColumn;
        probabilities[nameof(EmotionProbabilitiesRow.Probabilities)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, scorer.ClassCount);
        var estimator = mlContext.Transforms.LoadAudio(spec, inputColumnName: inputColumnName)
            .Append(mlContext.Transforms.CustomMapping(score, null, outputSchemaDefinition: probabilities))
            .Append(mlContext.Transforms.CustomMapping(PredictedLabel(model.Labels), null));
        return estimator.Fit(empty);
    }

    internal static Action<EmotionProbabilitiesRow, PredictedEmotionRow> PredictedLabel(IReadOnlyList<string> labels) =>
        (input, output) => output.PredictedLabel = labels[System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(input.Probabilities)];
}
