using System.Runtime.InteropServices;
using EmotionRecognition.Training;
using TorchSharp;

namespace EmotionRecognition.TestModel;

/// <summary>
/// Trains the test model in this fresh process, with or without <see cref="TorchRuntime.Configure"/> first, and prints the
/// process-wide settings that the tuning changes, one <c>name=value</c> a line. Tests run it as a child process because a
/// test host's own settings are already decided by whichever test trained first.
/// </summary>
public static partial class TorchSettingsProbe
{
    /// <summary>An allocation far above glibc's largest dynamic mmap threshold (32 MiB), so untuned glibc always maps it.</summary>
    private const int LargeAllocation = 64 << 20;

    /// <summary>Runs the probe and writes its report to standard output.</summary>
    /// <param name="tuned">Opt in (with one more torch thread than the default, so the change is visible) before training.</param>
    public static int Run(bool tuned)
    {
        var threadsBefore = torch.get_num_threads();
        if (tuned)
            TorchRuntime.Configure(new TorchRuntimeOptions { Threads = threadsBefore + 1 });
        var path = Path.Combine(Path.GetTempPath(), $"probe-{Guid.NewGuid():N}.emotion");
        try
        {
            TestModelBuilder.Build(path);
        }
        finally
        {
            File.Delete(path);
        }
        Console.WriteLine($"threads-before={threadsBefore}");
        Console.WriteLine($"threads-after={torch.get_num_threads()}");
        Console.WriteLine($"THP_MEM_ALLOC_ENABLE={Marshal.PtrToStringUTF8(GetEnv("THP_MEM_ALLOC_ENABLE")) ?? "(unset)"}");
        Console.WriteLine($"large-malloc-mapped={LargeMallocIsMapped()}");
        return 0;
    }

    private static unsafe bool LargeMallocIsMapped()
    {
        var before = MallInfo2().MappedBlocks;
        var block = NativeMemory.Alloc(LargeAllocation);
        var after = MallInfo2().MappedBlocks;
        NativeMemory.Free(block);
        return after > before;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocStatistics
    {
        private readonly nuint _arena, _ordinaryBlocks, _smallBlocks;
        public readonly nuint MappedBlocks;
        private readonly nuint _mappedBytes, _unused, _freeSmallBytes, _allocatedBytes, _freeBytes, _topReleasable;
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallocStatistics MallInfo2();
}
