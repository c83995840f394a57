using System.Runtime.InteropServices;
using TorchSharp;

namespace EmotionRecognition.Training;

/// <summary>
/// Opt-in, process-wide tuning for training with TorchSharp: glibc's allocator, transparent huge pages and torch's thread
/// count. Nothing in this package calls it; a host that trains (the <c>emotion-train</c> tool does) calls
/// <see cref="Configure"/> once, before the first tensor. Without it the host process keeps its own settings.
/// </summary>
/// <remarks>
/// libtorch's CPU allocator hands every large tensor to glibc malloc, which serves big blocks with fresh mmap calls and
/// returns them on free; each training step then pays page faults for hundreds of megabytes. Keeping freed memory in the
/// heap (no mmap, no trim) and asking for transparent huge pages made training about ten times faster on the project's VM,
/// at the price of a process that keeps its peak heap: a reason to leave the choice to the host. libtorch reads
/// <c>THP_MEM_ALLOC_ENABLE</c> from the native environment once, so it is set with libc <c>setenv</c>:
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> only changes .NET's copy on Unix.
/// </remarks>
public static partial class TorchRuntime
{
    // glibc's mallopt parameter numbers (malloc.h).
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapMax = -4;

    private static readonly Lock Gate = new();

    /// <summary>The options the process was tuned with, or <see langword="null"/> while <see cref="Configure"/> has not run.</summary>
    public static TorchRuntimeOptions? Configured { get; private set; }

    /// <summary>Tunes this process for training; only the first call has an effect.</summary>
    /// <param name="options">What to change; <see langword="null"/> for the defaults (allocator tuned, one thread per processor).</param>
    /// <returns><see langword="true"/> when this call applied the options, <see langword="false"/> when an earlier call had.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TorchRuntimeOptions.Threads"/> is below 1.</exception>
    public static bool Configure(TorchRuntimeOptions? options = null)
    {
        options ??= new TorchRuntimeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        lock (Gate)
        {
            if (Configured is not null)
                return false;
            if (options.TuneAllocator && OperatingSystem.IsLinux())
                TuneGlibcAllocator();
            torch.set_num_threads(options.Threads);
            Configured = options;
            return true;
        }
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
