namespace EmotionRecognition.Audio;

/// <summary>
/// Opens audio files and streams for decoding. The container is recognised from its first bytes, never from
/// the file extension: WAV (RIFF, RF64 and BW64) and FLAC (also behind an ID3v2 tag) are decoded in managed code;
/// other recognised formats (MP3, Ogg, MP4/M4A, AIFF, ...) are decoded by an <c>ffmpeg</c> child process
/// when one is available.
/// </summary>
public static class AudioFile
{
    private static volatile string? _ffmpegPath;

    /// <summary>
    /// The ffmpeg executable used for formats without a managed decoder: a path, or a command name looked up on
    /// PATH. <see langword="null"/> (the default) looks for <c>ffmpeg</c> on PATH.
    /// </summary>
    public static string? FfmpegPath
    {
        get => _ffmpegPath;
        set => _ffmpegPath = value;
    }

    /// <summary>Opens a file for decoding. The reader owns the file handle and closes it on dispose.</summary>
    /// <param name="path">The file to open.</param>
    /// <returns>A reader positioned at the first frame.</returns>
    /// <exception cref="AudioFormatException">The file is not decodable audio (<see cref="UnsupportedAudioFormatException"/>
    /// when the format is recognised but cannot be decoded here).</exception>
    public static AudioReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(path, FfmpegPath);
    }

    /// <summary>Opens a stream for decoding. Works on non-seekable streams; seeks are used when available.</summary>
    /// <param name="stream">Readable audio data, positioned at its start.</param>
    /// <param name="leaveOpen">Whether disposing the reader (or a failure to open) leaves <paramref name="stream"/> open.</param>
    /// <param name="sourceName">A label for messages; defaults to the file name of a <see cref="FileStream"/>, else <c>stream</c>.</param>
    /// <returns>A reader positioned at the first frame.</returns>
    /// <exception cref="AudioFormatException">The data is not decodable audio.</exception>
    public static AudioReader Open(Stream stream, bool leaveOpen = false, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
        return Open(stream, leaveOpen, sourceName ?? (stream as FileStream)?.Name ?? "stream", filePath: null, FfmpegPath);
    }

    /// <summary>Reads a file's format without decoding its samples.</summary>
    /// <param name="path">The file to inspect.</param>
    /// <returns>The header information.</returns>
    /// <exception cref="AudioFormatException">The file is not decodable audio.</exception>
    public static AudioInfo ReadInfo(string path)
    {
        using var reader = Open(path);
        return reader.Info;
    }

    internal static AudioReader Open(string path, string? ffmpegPath)
    {
        if (Directory.Exists(path))
            throw new AudioFormatException(path, "is a folder with no audio file this library reads (.wav, .flac, or what ffmpeg decodes), not an audio file");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // A symlink loop, a folder given as a file, a device that refuses reads: the path is the problem, not our code.
            throw new AudioFormatException(path, "cannot be opened: " + e.Message, e);
        }
        // ffmpeg may reopen a regular file by path; a pipe or FIFO (`<(cat x.mp3)`) has already lost the bytes the sniffer read, so
        // anything unseekable reaches ffmpeg through its stdin, from our buffered stream.
        return Open(file, leaveOpen: false, path, filePath: file.CanSeek ? path : null, ffmpegPath);
    }

    /// <param name="stream">The data.</param>
    /// <param name="leaveOpen">Whether the caller keeps ownership of <paramref name="stream"/>.</param>
    /// <param name="sourceName">For messages.</param>
    /// <param name="filePath">The file behind <paramref name="stream"/>, which ffmpeg can then open itself.</param>
    /// <param name="ffmpegPath">See <see cref="FfmpegPath"/>.</param>
    internal static AudioReader Open(Stream stream, bool leaveOpen, string sourceName, string? filePath, string? ffmpegPath)
    {
        if (!stream.CanSeek)
        {
            // The wrapper now belongs to us and passes the caller's leaveOpen on to the real stream.
            stream = new PeekStream(stream, leaveOpen);
            leaveOpen = false;
        }
        try
        {
            var sniffed = Sniff(stream, sourceName);
            return sniffed.Kind switch
            {
                ContainerKind.Wav => new WavReader(stream, leaveOpen, sourceName),
                ContainerKind.Flac => new FlacReader(stream, leaveOpen, sourceName),
                ContainerKind.External => OpenWithFfmpeg(stream, leaveOpen, sourceName, filePath, ffmpegPath, sniffed.Name),
                _ => throw new AudioFormatException(sourceName, $"not a recognised audio format ({sniffed.Name})"),
            };
        }
        catch
        {
            if (!leaveOpen) stream.Dispose();
            throw;
        }
    }

    /// <summary>Identifies the container and leaves the stream at its first byte (after any ID3v2 tag before FLAC).</summary>
    private static SniffResult Sniff(Stream stream, string sourceName)
    {
        Span<byte> head = stackalloc byte[ContainerSniffer.HeadLength];
        var got = Peek(stream, head);
        if (got == 0) throw new AudioFormatException(sourceName, "the file is empty");
        var sniffed = ContainerSniffer.Sniff(head[..got]);
        if (sniffed.Kind != ContainerKind.Id3Tag) return sniffed;

        var tagLength = ContainerSniffer.Id3TagLength(head[..got])
                        ?? throw new AudioFormatException(sourceName, "the ID3v2 tag header is malformed");
        if (StreamSkipping.Skip(stream, tagLength, new byte[4096]) < tagLength)
            throw new AudioFormatException(sourceName, $"the ID3v2 tag claims {tagLength} bytes but the file ends first");
        got = Peek(stream, head);
        var inner = ContainerSniffer.Sniff(head[..got]);
        // ID3v2 fronts MP3 far more often than anything else; ffmpeg gets the tag-less remainder.
        return inner.Kind == ContainerKind.Flac ? inner : new SniffResult(ContainerKind.External, "MP3 (ID3-tagged)");
    }

    // Open wraps every stream that cannot seek in a PeekStream, so peeking always works here.
    private static int Peek(Stream stream, Span<byte> head) => StreamSkipping.Peek(stream, head)!.Value;

    private static FfmpegReader OpenWithFfmpeg(Stream stream, bool leaveOpen, string sourceName, string? filePath, string? ffmpegPath, string formatName)
    {
        var ffmpeg = FfmpegLocator.Find(ffmpegPath) ?? throw new UnsupportedAudioFormatException(sourceName,
            $"the data is {formatName}, which needs ffmpeg, but "
            + (ffmpegPath is null ? "ffmpeg is not on PATH" : $"no ffmpeg was found at '{ffmpegPath}'")
            + ": install ffmpeg and put it on PATH, or set AudioFile.FfmpegPath");
        if (filePath is null)
            return new FfmpegReader(ffmpeg, formatName, sourceName, filePath: null, stream, leaveOpen);
        // ffmpeg opens the file itself (it may need to seek), so our handle is not needed.
        if (!leaveOpen) stream.Dispose();
        return new FfmpegReader(ffmpeg, formatName, sourceName, filePath, input: null, leaveInputOpen: true);
    }
}
