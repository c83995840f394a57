using EmotionRecognition.Audio;
using EmotionRecognition.Data;
using EmotionRecognition.Features;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using EmotionRecognition.TestData;
using EmotionRecognition.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.TestModel;

/// <summary>
/// A small model made by the project's own trainer (compact CNN, one epoch on a few RAVDESS clips per emotion), exported to
/// ONNX and bundled. It is not accurate; it is real, and exercises every part of inference.
/// </summary>
public static class TestModelBuilder
{
    private const int ClipsPerEmotion = 3;

    /// <summary>Trains, exports and models the test model into <paramref name="path"/>.</summary>
    public static (EmotionModel Model, IReadOnlyList<string> Files, float[] TorchProbabilities) Build(string path)
    {
        var spec = FeatureSpec.Seed;
        var clips = Corpus.Load(SharedData.Ravdess, CorpusKind.Ravdess)
            .GroupBy(c => c.Emotion).OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(c => c.Path, StringComparer.Ordinal).Take(ClipsPerEmotion))
            .ToArray();
        var extractor = new FeatureExtractor(spec);
        var rows = clips.AsParallel().AsOrdered()
            .Select(c => extractor.ExtractVector(AudioLoader.Load(c.Path, spec.ToLoadOptions()).Samples)).ToArray();

        var ml = new MLContext(seed: 1);
        var data = FeatureData(ml, rows);
        var scaler = ml.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn, fixZero: false).Fit(data);
        var scaled = scaler.Transform(data).GetColumn<float[]>(EmotionModel.FeaturesColumn).ToArray();

        using var model = ModelFactory.Create(ModelKind.Compact, spec.VectorLength, EmotionLabels.Count, seed: 7);
        new Trainer(new TrainerOptions { MaxEpochs = 1, BatchSize = 8, Seed = 7 })
            .Train(model, scaled, clips.Select(c => (int)c.Emotion).ToArray());
        var torch = Trainer.PredictProbabilities(model, scaled);
        using var onnx = new MemoryStream();
        OnnxExporter.Export(model, spec.VectorLength, onnx);

        var model = EmotionModel.Create(onnx.ToArray(), spec, EmotionLabels.All, scaler, ml,
            new Dictionary<string, string> { ["corpus"] = "ravdess (test subset)", ["model"] = "compact", ["epochs"] = "1" });
        model.Save(path);
        return (model, clips.Select(c => c.Path).ToArray(), torch);
    }

    /// <summary>Feature rows (all of one length) as a data view with one fixed-length <c>Features</c> column, as scalers need.</summary>
    public static IDataView FeatureData(MLContext ml, IReadOnlyList<float[]> rows)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), schema);
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }
}
