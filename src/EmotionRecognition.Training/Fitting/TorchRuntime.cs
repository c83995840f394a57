using System.Runtime.InteropServices;
using TorchSharp;

namespace EmotionRecognition.Training;

/// <summary>
/// One-time process setup that must run before libtorch allocates its first tensor.
/// </summary>
/// <remarks>
/// libtorch's CPU allocator hands every large tensor to glibc malloc, which serves big blocks with fresh
/// mmap calls and returns them on free; each training step then pays page faults for hundreds of megabytes.
/// Keeping freed memory in the heap (no mmap, no trim) and asking for transparent huge pages made training
/// about ten times faster on the project's VM. libtorch reads <c>THP_MEM_ALLOC_ENABLE</c> from the native
/// environment once, so it is set with libc <c>setenv</c>: <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// only changes .NET's copy on Unix.
/// </remarks>
internal static partial class TorchRuntime
{
    // glibc's mallopt parameter numbers (malloc.h).
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapMax = -4;

    private static readonly Lazy<bool> Setup = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the setup once; later calls return at once.</summary>
    public static void EnsureInitialized() => _ = Setup.Value;

    private static bool Initialize()
    {
        if (OperatingSystem.IsLinux())
            TuneGlibcAllocator();
        torch.set_num_threads(Environment.ProcessorCount);
        return true;
    }

    private static void TuneGlibcAllocator()
    {
        try
        {
            _ = SetEnv("THP_MEM_ALLOC_ENABLE", "1", 1);
            _ = MallOpt(MallocMmapMax, 0);
            _ = MallOpt(MallocTrimThreshold, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc without these calls (e.g. musl lacks mallopt) only loses speed, never correctness.
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
