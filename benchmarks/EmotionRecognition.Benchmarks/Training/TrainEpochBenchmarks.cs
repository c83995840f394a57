using BenchmarkDotNet.Attributes;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Training;
using TorchSharp.Modules;

namespace EmotionRecognition.Benchmarks.Training;

/// <summary>
/// Whole training runs of the compact model on 210 seed-layout rows in batches of 32, one epoch and two: the second epoch's
/// cost is the difference (this used to be a test comparing two epochs' wall times, which no loaded machine can promise).
/// </summary>
[Config(typeof(TorchJobConfig))]
[MemoryDiagnoser]
public class TrainEpochBenchmarks
{
    private const int Rows = 210;
    private Sequential _model = null!;
    private float[][] _rows = [];
    private int[] _labels = [];

    /// <summary>Epochs per run.</summary>
    [Params(1, 2)]
    public int Epochs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _rows = Enumerable.Range(0, Rows)
            .Select(_ => Enumerable.Range(0, ModelFactory.SeedFeatureLength).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray())
            .ToArray();
        _labels = Enumerable.Range(0, Rows).Select(i => i % ModelFactory.EmotionCount).ToArray();
        _model = ModelFactory.Create(ModelKind.Compact, seed: 1);
    }

    [Benchmark]
    public int Train() => new Trainer(new TrainerOptions { BatchSize = 32, MaxEpochs = Epochs, Seed = 1 })
        .Train(_model, _rows, _labels).Epochs.Count;

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();
}
