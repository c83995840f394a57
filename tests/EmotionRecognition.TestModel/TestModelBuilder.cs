using EmotionRecognition.Audio;
using EmotionRecognition.Data;
using EmotionRecognition.Features;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using EmotionRecognition.TestData;
using EmotionRecognition.Training;
using Microsoft.ML;
using TorchSharp;

namespace EmotionRecognition.TestModel;

/// <summary>
/// A small model made by the project's own trainer (the compact CNN's layers at a quarter of its width, one epoch on a few
/// RAVDESS clips per emotion), exported to
/// ONNX and bundled. It is not accurate; it is real, and exercises every part of inference. Its output is committed as
/// <c>tests/models/test.emotion</c> (see <see cref="CommittedTestModel"/>), so only the training tests run this builder.
/// </summary>
public static class TestModelBuilder
{
    private const int ClipsPerEmotion = 3;

    // A quarter of the compact network's width keeps the committed model near 100 kB; the layers the exporter walks are the same.
    private const int Channels = 16;
    private const int HiddenUnits = 16;

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
        var scaler = FeatureScaling.Fit(ml, rows);
        var scaled = FeatureScaling.Apply(ml, scaler, rows);

        torch.manual_seed(7);
        using var model = ConvStack.Build(spec.VectorLength, EmotionLabels.Count,
            CompactCnn.Blocks.Select(b => b with { Channels = Channels }).ToArray(), HiddenUnits);
        new Trainer(new TrainerOptions { MaxEpochs = 1, BatchSize = 8, Seed = 7 })
            .Train(model, scaled, clips.Select(c => (int)c.Emotion).ToArray());
        var probabilities = Trainer.PredictProbabilities(model, scaled);
        using var onnx = new MemoryStream();
        OnnxExporter.Export(model, spec.VectorLength, onnx);

        var emotionModel = EmotionModel.Create(onnx.ToArray(), spec, EmotionLabels.All, scaler, ml,
            new Dictionary<string, string> { ["corpus"] = "ravdess (test subset)", ["model"] = "compact (16 channels, 16 hidden units)", ["epochs"] = "1" });
        emotionModel.Save(path);
        return (emotionModel, clips.Select(c => c.Path).ToArray(), probabilities);
    }
}
