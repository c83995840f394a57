using System.Buffers;

namespace EmotionRecognition.Audio;

/// <summary>
/// Loads a segment of an audio file as mono float samples with the semantics of librosa 0.10's
/// <c>librosa.load(path, sr, offset, duration)</c> (soundfile backend).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The segment is located at the file's own rate: it starts at frame <c>floor(Offset × rate)</c> and spans
/// <c>floor(Duration × rate)</c> frames, as librosa computes them (Python <c>int()</c> of the products).</item>
/// <item>Channels are averaged in float32 exactly as numpy's <c>mean</c> does; only then is the result resampled.</item>
/// <item>A file shorter than <c>Offset + Duration</c> yields what exists; an offset at or past the end yields an empty
/// clip (librosa returns an empty array there too). Neither is an error.</item>
/// </list>
/// </remarks>
public static class AudioLoader
{
    private const int BlockFrames = 8192;
    private const int GrowFromCapacity = 1 << 16;
    private const int MaxUpfrontCapacity = 1 << 18;

    /// <summary>Loads a file.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">What to read; <see langword="null"/> means <see cref="AudioLoadOptions.Default"/>.</param>
    /// <returns>The mono clip at the requested rate.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    public static AudioClip Load(string path, AudioLoadOptions? options = null) => Load(path, options, CancellationToken.None);

    /// <summary>Loads a file, stopping between decoded blocks when cancelled.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">What to read; <see langword="null"/> means <see cref="AudioLoadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Checked between decoded blocks; cancelling also stops an ffmpeg child process.</param>
    /// <returns>The mono clip at the requested rate.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static AudioClip Load(string path, AudioLoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        options = Checked(options);
        cancellationToken.ThrowIfCancellationRequested();
        using var reader = AudioFile.Open(path);
        return Load(reader, options, cancellationToken);
    }

    /// <summary>Loads audio from a stream, which is left open.</summary>
    /// <param name="stream">Readable audio data, positioned at its start; need not be seekable.</param>
    /// <param name="options">What to read; <see langword="null"/> means <see cref="AudioLoadOptions.Default"/>.</param>
    /// <param name="sourceName">A label for error messages.</param>
    /// <returns>The mono clip at the requested rate.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="AudioFormatException">The data cannot be decoded.</exception>
    public static AudioClip Load(Stream stream, AudioLoadOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options);
        using var reader = AudioFile.Open(stream, leaveOpen: true, sourceName);
        return Load(reader, options, CancellationToken.None);
    }

    /// <summary>Loads a file on the thread pool, so a UI or server thread is not blocked by decoding.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="options">What to read; <see langword="null"/> means <see cref="AudioLoadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Checked between decoded blocks; cancelling also stops an ffmpeg child process.</param>
    /// <returns>The mono clip at the requested rate.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    public static Task<AudioClip> LoadAsync(string path, AudioLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options = Checked(options);
        return Task.Run(() => Load(path, options, cancellationToken), cancellationToken);
    }

    private static AudioLoadOptions Checked(AudioLoadOptions? options)
    {
        options ??= AudioLoadOptions.Default;
        options.Validate();
        return options;
    }

    private static AudioClip Load(AudioReader reader, AudioLoadOptions options, CancellationToken cancellationToken)
    {
        var rate = reader.Info.SampleRate;
        // librosa: sf.seek(int(offset * sr_native)) and sf.read(frames=int(duration * sr_native)).
        var start = (long)(options.Offset * rate);
        var frames = options.Duration is { } duration ? (long)(duration * rate) : long.MaxValue;
        if (start > 0 && reader.SkipFrames(start) < start)
            return new AudioClip([], options.SampleRate ?? rate);
        var mono = ReadMono(reader, frames, cancellationToken);
        if (options.SampleRate is not { } target || target == rate || mono.Length == 0)
            return new AudioClip(mono, options.SampleRate ?? rate);
        return new AudioClip(Resampler.Resample(mono, rate, target), target);
    }

    private static float[] ReadMono(AudioReader reader, long frames, CancellationToken cancellationToken)
    {
        var channels = reader.Info.Channels;
        var blockFrames = AudioReader.BlockFrames(channels, BlockFrames);
        var block = ArrayPool<float>.Shared.Rent(blockFrames * channels);
        try
        {
            // Size up front only for a modest requested duration (the common short window); otherwise grow with the data
            // actually decoded. The header's frame count is never trusted for allocation.
            var mono = new float[frames <= MaxUpfrontCapacity ? (int)frames : GrowFromCapacity];
            var count = 0;
            while (count < frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var want = (int)Math.Min(blockFrames, frames - count);
                var got = reader.ReadFrames(block.AsSpan(0, want * channels));
                if (got == 0) break;
                if (count + got > mono.Length)
                    Array.Resize(ref mono, (int)Math.Min(Math.Max(mono.Length * 2L, count + got), Array.MaxLength));
                ChannelMixer.ToMono(block.AsSpan(0, got * channels), channels, mono.AsSpan(count, got));
                count += got;
            }
            if (count != mono.Length) Array.Resize(ref mono, count);
            return mono;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
    }
}
