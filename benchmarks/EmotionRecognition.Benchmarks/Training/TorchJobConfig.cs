using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EmotionRecognition.Benchmarks.Training;

/// <summary>
/// Few single invocations, in-process: a TorchSharp operation here takes up to seconds, and the native TorchSharp fix is applied to
/// this project's output folder.
/// </summary>
internal class TorchJobConfig : ManualConfig
{
    public TorchJobConfig()
        : this(iterations: 3, timeout: TimeSpan.FromMinutes(30))
    {
    }

    protected TorchJobConfig(int iterations, TimeSpan timeout) => AddJob(Job.Default
        .WithToolchain(new InProcessEmitToolchain(timeout, logOutput: true))
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(iterations)
        .WithInvocationCount(1)
        .WithUnrollFactor(1));
}
