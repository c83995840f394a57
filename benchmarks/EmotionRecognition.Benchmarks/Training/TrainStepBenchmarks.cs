using BenchmarkDotNet.Attributes;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Benchmarks.Training;

/// <summary>
/// One Adam step (forward, cross-entropy, backward, update) on a batch of 128 seed-layout rows, per model.
/// A seed step takes seconds, so each invocation is one step and the job runs few of them (<see cref="TorchJobConfig"/>).
/// </summary>
[Config(typeof(TorchJobConfig))]
public class TrainStepBenchmarks
{
    private const int BatchSize = 128;

    private Sequential _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Tensor _features = null!;
    private Tensor _labels = null!;

    /// <summary>The model to step.</summary>
    [Params(ModelKind.Seed, ModelKind.Compact)]
    public ModelKind Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Timed as the emotion-train tool trains: with the process tuning it opts in to.
        TorchRuntime.Configure();
        _model = ModelFactory.Create(Model, seed: 1);
        _model.train();
        _optimizer = optim.Adam(_model.parameters(), 1e-3, eps: 1e-7);
        _features = randn(BatchSize, ModelFactory.SeedFeatureLength);
        _labels = randint(0, ModelFactory.EmotionCount, [BatchSize]);
    }

    [Benchmark]
    public double TrainStep()
    {
        using var scope = NewDisposeScope();
        return Trainer.Step(_model, _optimizer, _features, _labels).Loss;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _features.Dispose();
        _labels.Dispose();
    }
}
