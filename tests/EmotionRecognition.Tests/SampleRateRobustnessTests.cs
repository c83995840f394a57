using System.Diagnostics;
using System.Globalization;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Tests;

/// <summary>
/// Phones and browsers record at 16 kHz, studios at 44.1 or 48 kHz: the shipped model must give the same answer for the same
/// speech whatever the file's rate. The clips are converted by sox, an independent resampler, and classified from the files.
/// </summary>
public sealed class SampleRateRobustnessTests
{
    private static readonly Lazy<EmotionClassifier> Default = new(() => EmotionClassifier.LoadDefault());

    // Two clips of every emotion from different actors, spread over the corpus.
    private static string[] Clips()
    {
        var clips = EmotionRecognition.Data.Corpus.Load(SharedData.Ravdess);
        return clips.GroupBy(c => c.Emotion).SelectMany(g => g.Where((_, i) => i % 37 == 5).Take(2)).Select(c => c.Path).ToArray();
    }

    private static void Sox(string input, string output, int rate)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardError = true };
        foreach (var a in new[] { input, "-r", rate.ToString(CultureInfo.InvariantCulture), output }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "sox (Debian package sox) failed: " + stderr);
    }

    [RequiresTheory(Requirement.Sox, Requirement.SharedData)]
    [InlineData(16000)]
    [InlineData(44100)]
    public void TheTopEmotionStaysWhenTheFileIsResampled(int rate)
    {
        var clips = Clips();
        Assert.Equal(14, clips.Length);
        var folder = SharedData.NewTempDirectory("rate-robustness");
        try
        {
            var kept = 0;
            var changed = new List<string>();
            for (var i = 0; i < clips.Length; i++)
            {
                var converted = Path.Combine(folder, $"{i}.wav");
                Sox(clips[i], converted, rate);
                var original = Default.Value.Classify(clips[i]);
                var other = Default.Value.Classify(converted);
                if (original.Emotion == other.Emotion) kept++;
                else changed.Add($"{Path.GetFileName(clips[i])}: {original} -> {other}");
                // The probabilities move little, not only the top label.
                Assert.True(original.Probabilities.Zip(other.Probabilities, (a, b) => Math.Abs(a - b)).Max() < 0.25,
                    $"{Path.GetFileName(clips[i])}: {original} at 22.05 kHz, {other} at {rate} Hz");
            }
            Assert.True(kept >= 13, $"{kept} of {clips.Length} kept their top emotion at {rate} Hz; changed: {string.Join("; ", changed)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
