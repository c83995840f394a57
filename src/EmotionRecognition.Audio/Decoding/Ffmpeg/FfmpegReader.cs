using System.Diagnostics;

namespace EmotionRecognition.Audio;

/// <summary>
/// Decodes any format ffmpeg knows by running it as a child process that writes 32-bit float WAV to its
/// standard output, which is then read as a stream by <see cref="WavReader"/>.
/// </summary>
/// <remarks>
/// WAV output (rather than headerless f32le) carries the sample rate and channel count in-band, so no
/// separate probe run and no parsing of ffmpeg's human-readable log are needed. The process is killed on
/// dispose, so abandoning a read midway leaves nothing running.
/// </remarks>
internal sealed class FfmpegReader : AudioReader
{
    private const int StderrLinesKept = 20;

    private readonly Process _process;
    private readonly Queue<string> _stderrTail = new();
    private readonly Stream? _input;
    private readonly bool _leaveInputOpen;
    private readonly Task _inputPump = Task.CompletedTask;
    private readonly WavReader _wav;
    private readonly string _formatName;
    private long _framesRead;

    /// <param name="ffmpeg">The executable.</param>
    /// <param name="formatName">The sniffed format, for <see cref="AudioInfo.Container"/> and messages.</param>
    /// <param name="sourceName">For messages.</param>
    /// <param name="filePath">A file for ffmpeg to open itself; or null to pipe <paramref name="input"/> to it.</param>
    /// <param name="input">The data to pipe when <paramref name="filePath"/> is null.</param>
    /// <param name="leaveInputOpen">Whether disposing leaves <paramref name="input"/> open.</param>
    public FfmpegReader(string ffmpeg, string formatName, string sourceName, string? filePath, Stream? input, bool leaveInputOpen)
    {
        SourceName = sourceName;
        _formatName = formatName;
        _input = input;
        _leaveInputOpen = leaveInputOpen;
        _process = StartProcess(ffmpeg, filePath);
        try
        {
            if (filePath is null && input is not null)
                _inputPump = Task.Run(() => PumpInput(input, _process.StandardInput.BaseStream));
            _wav = OpenOutput();
            Info = _wav.Info with { Container = formatName, Encoding = "decoded by ffmpeg to IEEE float 32-bit" };
        }
        catch
        {
            StopProcess();
            _process.Dispose();
            throw;
        }
    }

    public override AudioInfo Info { get; }

    public override string SourceName { get; }

    /// <summary>The child process, so tests can check it does not outlive the reader.</summary>
    internal int ProcessId => _process.Id;

    public override int ReadFrames(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        int frames;
        try
        {
            frames = _wav.ReadFrames(destination);
        }
        catch (AudioFormatException e)
        {
            throw Failure(e);
        }
        if (frames == 0 && destination.Length >= Info.Channels)
            ThrowIfFailed();
        _framesRead += frames;
        return frames;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopProcess();
            _wav.Dispose();
            _process.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The ffmpeg demuxer for a format <see cref="ContainerSniffer"/> names.</summary>
    internal static string Demuxer(string formatName) => formatName switch
    {
        "Ogg" => "ogg",
        "MP4/M4A" => "mov",
        "AIFF" => "aiff",
        "CAF" => "caf",
        "AMR" => "amr",
        "WavPack" => "wv",
        "Monkey's Audio" => "ape",
        "Matroska/WebM" => "matroska",
        "ASF/WMA" => "asf",
        "AAC (ADTS)" => "aac",
        "MPEG audio (MP3)" or "MP3 (ID3-tagged)" => "mp3",
        "big-endian WAV (RIFX)" => "wav",
        _ => throw new ArgumentException($"no ffmpeg demuxer is known for {formatName}", nameof(formatName)),
    };

    private Process StartProcess(string ffmpeg, string? filePath)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            UseShellExecute = false,
            RedirectStandardInput = filePath is null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        // ffmpeg is told the format we sniffed and may open nothing but its one input: left to probe, it takes a tiny "MP3" whose
        // ID3 tag hides an HLS playlist for a playlist and follows it to any local file. "file:" keeps a path that starts with
        // '-' or contains ':' from being read as an option or protocol.
        string[] format = ["-f", Demuxer(_formatName)];
        string[] input = filePath is null
            ? ["-protocol_whitelist", "pipe", .. format, "-i", "pipe:0"]
            : ["-nostdin", "-protocol_whitelist", "file", .. format, "-i", "file:" + Path.GetFullPath(filePath)];
        foreach (var arg in (string[])["-hide_banner", "-loglevel", "error", .. input,
                     "-map", "0:a:0", "-c:a", "pcm_f32le", "-f", "wav", "pipe:1"])
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => RememberStderr(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new UnsupportedAudioFormatException(SourceName, $"{_formatName} needs ffmpeg, which failed to start ({e.Message})", e);
        }
        ChildProcesses.Track(process);
        process.BeginErrorReadLine();
        return process;
    }

    private WavReader OpenOutput()
    {
        try
        {
            return new WavReader(_process.StandardOutput.BaseStream, leaveOpen: false, SourceName);
        }
        catch (AudioFormatException e)
        {
            throw Failure(e);
        }
    }

    private static void PumpInput(Stream input, Stream stdin)
    {
        try
        {
            input.CopyTo(stdin);
        }
        catch (IOException)
        {
            // ffmpeg stopped reading (it failed, or it was killed); its exit status tells the story.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            try { stdin.Dispose(); } catch (IOException) { }
        }
    }

    private void ThrowIfFailed()
    {
        _process.WaitForExit();
        // ffmpeg exits 0 with empty output for some unreadable inputs; an error logged with no audio out is a failure.
        bool loggedErrors;
        lock (_stderrTail) loggedErrors = _stderrTail.Count > 0;
        if (_process.ExitCode != 0 || (_framesRead == 0 && loggedErrors))
            throw Failure(null);
    }

    private AudioFormatException Failure(AudioFormatException? inner)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        string log;
        lock (_stderrTail) log = string.Join(" | ", _stderrTail);
        var problem = $"ffmpeg could not decode the {_formatName} data (exit code {_process.ExitCode})"
                      + (log.Length > 0 ? $": {log}" : inner is null ? "" : $": {inner.Problem}")
                      + (_input is null ? "" : "; some files (e.g. MP4 with its index at the end) can only be decoded from a file path, not a stream");
        return new AudioFormatException(SourceName, problem, inner);
    }

    private void RememberStderr(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line.Trim());
            if (_stderrTail.Count > StderrLinesKept) _stderrTail.Dequeue();
        }
    }

    private void StopProcess()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // The process never started or is already gone.
        }
        ChildProcesses.Release(_process);
        // The pump ends once ffmpeg's stdin breaks; wait so the input is not disposed under it.
        _inputPump.Wait(TimeSpan.FromSeconds(5));
        if (_input is not null && !_leaveInputOpen) _input.Dispose();
    }
}
