using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EmotionRecognition.Audio;

/// <summary>
/// The decoder processes (ffmpeg) this process has running, killed when it is told to stop (SIGTERM, SIGINT, SIGHUP, SIGQUIT) or
/// exits, so none is left orphaned behind a killed program, still reading a pipe or a FIFO. The signals keep their usual
/// effect: the handlers only kill the children first. (SIGKILL cannot be handled; ffmpeg then ends by itself, on the end of
/// its input pipe or a broken output pipe.)
/// </summary>
internal static class ChildProcesses
{
    private static readonly HashSet<Process> Running = [];
    private static readonly Lock Gate = new();
    private static List<PosixSignalRegistration>? _signals;

    /// <summary>Starts watching <paramref name="process"/> (started already).</summary>
    internal static void Track(Process process)
    {
        lock (Gate)
        {
            Running.Add(process);
            if (_signals is not null) return;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            _signals = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
                .Select(signal => PosixSignalRegistration.Create(signal, _ => KillAll()))];
        }
    }

    /// <summary>Stops watching <paramref name="process"/> (it was stopped and waited for).</summary>
    internal static void Release(Process process)
    {
        lock (Gate) Running.Remove(process);
    }

    /// <summary>Kills every watched process and its children.</summary>
    internal static void KillAll()
    {
        Process[] running;
        lock (Gate) running = [.. Running];
        foreach (var process in running)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Already gone, or never started.
            }
        }
    }
}
