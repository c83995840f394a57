namespace EmotionRecognition.Audio;

/// <summary>
/// Thrown when audio cannot be decoded: the data is corrupt, truncated, lies about its sizes, or uses an
/// encoding this library does not support. The message names the source (file name or stream label) and
/// the problem.
/// </summary>
/// <remarks>
/// Every decoding failure caused by the input surfaces as this type (or <see cref="UnsupportedAudioFormatException"/>,
/// which derives from it), so callers need one <c>catch</c> to report a bad file and move on.
/// </remarks>
public class AudioFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or stream label the audio came from.</param>
    /// <param name="problem">What is wrong, in a sentence.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public AudioFormatException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file name or stream label the audio came from.</summary>
    public string SourceName { get; }

    /// <summary>What is wrong with the audio, without the source prefix.</summary>
    public string Problem { get; }
}

/// <summary>
/// Thrown when audio is well-formed but uses a container or encoding this library cannot decode
/// (for example an MP3 file when no <c>ffmpeg</c> is on the PATH, or a WAV with an ADPCM codec).
/// </summary>
public sealed class UnsupportedAudioFormatException : AudioFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or stream label the audio came from.</param>
    /// <param name="problem">What is unsupported, and how to fix it when there is a fix.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public UnsupportedAudioFormatException(string source, string problem, Exception? innerException = null)
        : base(source, problem, innerException)
    {
    }
}
