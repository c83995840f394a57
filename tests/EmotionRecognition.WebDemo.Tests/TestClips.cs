using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>
/// The recording the tests speak: three RAVDESS clips of one actor (angry, sad, surprised), decoded by our FLAC decoder and
/// joined into one 22,050 Hz 16-bit WAV written by our own writer, long enough for several windows of differing emotions.
/// </summary>
public static class TestClips
{
    private static readonly string[] Parts =
    [
        "Actor_01/03-01-05-02-01-01-01.flac",
        "Actor_01/03-01-04-02-02-01-01.flac",
        "Actor_01/03-01-08-02-01-02-01.flac",
    ];

    private static readonly Lazy<(string Path, float[] Samples)> Speech = new(WriteSpeech);

    public const int SampleRate = 22050;

    /// <summary>The joined recording as a WAV file in a temporary folder.</summary>
    public static string SpeechWav => Speech.Value.Path;

    /// <summary>The recording's samples, exactly as written (16-bit values scaled by 1/32768).</summary>
    public static float[] SpeechSamples => Speech.Value.Samples;

    /// <summary>One RAVDESS clip, untouched.</summary>
    public static string OneFlac => Path.Combine(SharedData.Ravdess, Parts[0]);

    private static (string, float[]) WriteSpeech()
    {
        var joined = Parts.SelectMany(p => AudioLoader.Load(Path.Combine(SharedData.Ravdess, p)).Samples).ToArray();
        var pcm = joined.Select(s => (short)Math.Clamp(MathF.Round(s * 32768f), short.MinValue, short.MaxValue)).ToArray();
        var path = Path.Combine(SharedData.NewTempDirectory("webdemo"), "speech.wav");
        WavWriter.WritePcm16(path, pcm, SampleRate, 1);
        return (path, pcm.Select(s => s / 32768f).ToArray());
    }
}
