using EmotionRecognition.TestData;

namespace EmotionRecognition.Training.Tests.Training;

/// <summary>
/// The process-wide tuning is opt-in. Each case trains the test model in a fresh child process (the test host itself opted
/// in before its first test) and reads back the settings the tuning changes.
/// </summary>
public class TorchRuntimeTests
{
    [RequiresFact(Requirement.SharedData)]
    public void TrainingWithoutOptingInLeavesTheAllocatorTheEnvironmentAndTheThreadsAsTheyWere()
    {
        var settings = Probe();

        Assert.Equal(settings["threads-before"], settings["threads-after"]);
        Assert.Equal("(unset)", settings["THP_MEM_ALLOC_ENABLE"]);
        Assert.Equal("True", settings["large-malloc-mapped"]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void OptingInKeepsLargeBlocksInTheHeapAsksForHugePagesAndSetsTheThreads()
    {
        var settings = Probe("--tuned");

        Assert.Equal(int.Parse(settings["threads-before"], System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(settings["threads-after"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1", settings["THP_MEM_ALLOC_ENABLE"]);
        Assert.Equal("False", settings["large-malloc-mapped"]);
    }

    [Fact]
    public void OnlyTheFirstConfigureCallApplies()
    {
        // The test host opted in when its module loaded (TorchTestSettings).
        Assert.NotNull(TorchRuntime.Configured);
        Assert.False(TorchRuntime.Configure(new TorchRuntimeOptions { Threads = 1 }));
        Assert.Equal(new TorchRuntimeOptions(), TorchRuntime.Configured);
    }

    [Fact]
    public void AThreadCountBelowOneIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.Configure(new TorchRuntimeOptions { Threads = 0 }));

    private static Dictionary<string, string> Probe(params string[] options) =>
        DotnetProcess.Run([Path.Combine(AppContext.BaseDirectory, "EmotionRecognition.TestModel.dll"), "--torch-settings", .. options])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim());
}
