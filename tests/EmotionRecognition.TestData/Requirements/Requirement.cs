namespace EmotionRecognition.TestData;

/// <summary>Something outside the repository that a test needs; see <see cref="Requirements"/>.</summary>
public enum Requirement
{
    /// <summary>The shared data folder beside the repository (<c>../shared</c>: RAVDESS, librosa fixtures).</summary>
    SharedData,

    /// <summary>ffmpeg on PATH (Debian package <c>ffmpeg</c>).</summary>
    Ffmpeg,

    /// <summary>sox on PATH (Debian package <c>sox</c>), a FLAC reference decoder.</summary>
    Sox,

    /// <summary>flac on PATH (Debian package <c>flac</c>), the reference FLAC encoder and decoder.</summary>
    Flac,

    /// <summary>Debian's Chromium at <c>CHROMIUM_PATH</c> or <c>/usr/bin/chromium</c>, for the web demo's browser tests.</summary>
    Chromium,
}
