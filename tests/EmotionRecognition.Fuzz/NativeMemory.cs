using System.Globalization;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The process's peak resident memory, native allocations included (ONNX Runtime's arena, ffmpeg pipes, zip inflaters), which
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> cannot see. Linux: the peak is <c>VmHWM</c> in <c>/proc/self/status</c>, reset
/// by writing 5 to <c>/proc/self/clear_refs</c> before each input. Elsewhere, or where the reset is refused, it is not measured.
/// </summary>
public static class NativeMemory
{
    private const string Status = "/proc/self/status";
    private static readonly Lazy<bool> CanReset = new(() => Reset());

    /// <summary>Whether peaks are measured here.</summary>
    public static bool IsMeasured => CanReset.Value;

    /// <summary>Starts a new peak at the current resident size; returns that size in bytes (0 when not measured).</summary>
    public static long StartPeak() => IsMeasured && Reset() ? Read("VmRSS:") : 0;

    /// <summary>The peak resident size in bytes since <see cref="StartPeak"/> (0 when not measured).</summary>
    public static long Peak() => IsMeasured ? Read("VmHWM:") : 0;

    private static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return File.Exists(Status);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines(Status))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024; // kB
        return 0;
    }
}
