using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.WebDemo.LoadCheck;

/// <summary>Real speech for each session: consecutive RAVDESS clips (a different run of clips per session) at 48 kHz.</summary>
internal static class SpeechClips
{
    public const int SampleRate = 48000;

    public static float[][] Load(int sessions, double seconds)
    {
        var files = SharedData.RavdessFiles();
        var options = new AudioLoadOptions { SampleRate = SampleRate };
        var length = (int)(seconds * SampleRate);
        return Enumerable.Range(0, sessions).Select(s =>
        {
            var speech = new List<float>(length);
            for (var i = s * 37; speech.Count < length; i++) speech.AddRange(AudioLoader.Load(files[i % files.Count], options).Samples);
            return speech.Take(length).ToArray();
        }).ToArray();
    }
}
