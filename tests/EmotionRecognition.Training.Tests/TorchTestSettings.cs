using System.Runtime.CompilerServices;
using EmotionRecognition.Training;

// Torch's random generator and thread pool are process-wide: tests that train with a seed must not interleave
// with tests that create models on other threads, and on two cores parallel torch tests only contend anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EmotionRecognition.Training.Tests;

internal static class TorchTestSettings
{
    // The training tests are a training process: they take the tuning the emotion-train tool takes, before any tensor, or
    // the larger trainings run several times slower. A test assembly has no other hook that runs before every test class.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void TuneTorch() => TorchRuntime.Configure();
}
