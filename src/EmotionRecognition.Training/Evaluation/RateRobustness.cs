using System.Diagnostics;
using System.Globalization;

namespace EmotionRecognition.Evaluation;

/// <summary>How one fold's model answers when its test clips arrive at another sample rate.</summary>
/// <param name="SampleRate">The rate the clips were converted to (by sox) before the model read them.</param>
/// <param name="Agreement">Share of clips whose top emotion is the one given for the original file.</param>
/// <param name="Accuracy">Share of clips classified correctly at that rate.</param>
public sealed record RateCheck(int SampleRate, double Agreement, double Accuracy);

/// <summary>
/// Converts clips to other sample rates with sox, the independent resampler of the issue's protocol, so that our own resampler is
/// tested rather than trusted.
/// </summary>
internal static class RateRobustness
{
    /// <summary>Runs <paramref name="predict"/> on every clip converted to <paramref name="rate"/> and compares with the original answers.</summary>
    public static RateCheck Measure(IReadOnlyList<Data.LabeledClip> clips, IReadOnlyList<int> original, int rate, Func<string, int> predict,
        CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("emotion-rate-");
        try
        {
            int agree = 0, correct = 0;
            for (var i = 0; i < clips.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var converted = Path.Combine(folder.FullName, i.ToString(CultureInfo.InvariantCulture) + ".wav");
                Convert(clips[i].Path, converted, rate);
                var predicted = predict(converted);
                if (predicted == original[i]) agree++;
                if (predicted == (int)clips[i].Emotion) correct++;
                File.Delete(converted);
            }
            return new RateCheck(rate, agree / (double)clips.Count, correct / (double)clips.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Convert(string input, string output, int rate)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
        // -R seeds sox's dither, which would otherwise move a few answers from one run of the check to the next.
        foreach (var argument in new[] { "-R", input, "-r", rate.ToString(CultureInfo.InvariantCulture), output })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sox could not be started.");
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sox failed on {input} ({process.ExitCode}): {stderr.Trim()}");
    }
}
