using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Benchmarks.Training;

/// <summary>
/// One Adam step (forward, cross-entropy, backward, update) on a batch of 128 seed-layout rows, per model.
/// A seed step takes seconds, so each invocation is one step and the job runs few of them; in-process, because the
/// native TorchSharp fix is applied to this project's output folder.
/// </summary>
[Config(typeof(TrainStepConfig))]
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

    private sealed class TrainStepConfig : ManualConfig
    {
        public TrainStepConfig() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
