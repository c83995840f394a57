// Trains the compact model on a labelled corpus with a speaker-independent hold-out, reports its test metrics and exports
// ONNX: dotnet run -c Release --project samples/TrainCustomModel -- ../shared/data/ravdess model.onnx
using EmotionRecognition;
using EmotionRecognition.Audio;
using EmotionRecognition.Data;
using EmotionRecognition.Evaluation;
using EmotionRecognition.Features;
using EmotionRecognition.Models;
using EmotionRecognition.Onnx;
using EmotionRecognition.Training;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TrainCustomModel CORPUS_FOLDER OUT.onnx");
    return 2;
}

var clips = Corpus.Load(args[0]);
var fold = DataSplitter.Split(clips, SplitProtocol.Parse("speaker-folds:5"))[0];
var extractor = new FeatureExtractor(FeatureSpec.Seed);
float[][] Featurise(IReadOnlyList<LabeledClip> set) => set.AsParallel().AsOrdered()
    .Select(c => extractor.ExtractVector(AudioLoader.Load(c.Path, FeatureSpec.Seed.ToLoadOptions()).Samples)).ToArray();
int[] Labels(IReadOnlyList<LabeledClip> set) => set.Select(c => (int)c.Emotion).ToArray();

var (train, test) = (Featurise(fold.Train), Featurise(fold.Test));
// Standardise with the training rows' statistics only, as the bundled ML.NET scaler does at inference time.
var mean = Enumerable.Range(0, train[0].Length).Select(i => train.Average(r => r[i])).ToArray();
var std = Enumerable.Range(0, train[0].Length).Select(i => MathF.Sqrt(train.Average(r => (r[i] - mean[i]) * (r[i] - mean[i])))).ToArray();
float[][] Scale(float[][] rows) => rows.Select(r => r.Select((v, i) => std[i] > 0 ? (v - mean[i]) / std[i] : 0f).ToArray()).ToArray();

using var model = ModelFactory.Create(ModelKind.Compact, seed: 1);
var history = new Trainer(new TrainerOptions { MaxEpochs = 10, BatchSize = 32 }).Train(model, Scale(train), Labels(fold.Train),
    epochProgress: new Progress<EpochMetrics>(e => Console.WriteLine(e)));
history.SaveCsv(Path.ChangeExtension(args[1], ".history.csv"));

var probabilities = Trainer.PredictProbabilities(model, Scale(test));
var predicted = Enumerable.Range(0, test.Length)
    .Select(r => System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(probabilities.AsSpan(r * EmotionLabels.Count, EmotionLabels.Count)))
    .ToArray();
Console.WriteLine(ClassificationReport.Compute(Labels(fold.Test), predicted, EmotionLabels.All).ToText());

OnnxExporter.Export(model, FeatureSpec.Seed.VectorLength, args[1]);
Console.WriteLine($"wrote {args[1]}");
return 0;
