using System.Globalization;
using System.Text;

namespace EmotionRecognition.WebDemo.Tests;

/// <summary>
/// Lines the page's live windows up with the library's windows of the same audio. The fake microphone loops
/// <see cref="TestClips.SpeechWav"/> and the page starts hearing it somewhere inside the loop, so the library classifies the
/// looped recording at every start on a 0.1 s grid and the start that agrees best is taken; at that start the emotions and
/// probabilities must agree window by window. A page showing anything but the classifier's answers for this audio cannot
/// find such a start.
/// </summary>
public static class LiveAlignment
{
    /// <summary>How many live windows the test waits for and compares.</summary>
    public const int Windows = 8;

    private const double GridSeconds = 0.1;

    public static Result Match(IReadOnlyList<BrowserTests.LiveWindow> shown, DemoServer server)
    {
        var live = shown.Take(Windows).ToArray();
        var options = server.Options;
        var loop = TestClips.SpeechSamples;
        var loopSeconds = loop.Length / (double)TestClips.SampleRate;
        var stride = (int)Math.Round(options.HopSeconds / GridSeconds);
        var reference = ReferenceWindows(server, loop, loopSeconds + options.HopSeconds * live.Length + options.WindowSeconds + 1);

        Result? best = null;
        for (var offset = 0; offset * GridSeconds < loopSeconds; offset++)
        {
            var pairs = live.Select((w, k) => (Live: w, Reference: reference[offset + stride * k])).ToArray();
            var candidate = new Result(offset * GridSeconds, pairs);
            if (best is null || candidate.CompareTo(best) > 0) best = candidate;
        }
        return best!;
    }

    private static EmotionSegment[] ReferenceWindows(DemoServer server, float[] loop, double seconds)
    {
        var looped = new float[(int)(seconds * TestClips.SampleRate)];
        for (var i = 0; i < looped.Length; i++) looped[i] = loop[i % loop.Length];
        var stream = server.Classifier.CreateLiveClassifier(TestClips.SampleRate, server.Options.Window, TimeSpan.FromSeconds(GridSeconds));
        return stream.Write(looped).ToArray();
    }

    /// <summary>The live windows beside the library's at one start in the loop.</summary>
    public sealed record Result(double OffsetSeconds, (BrowserTests.LiveWindow Live, EmotionSegment Reference)[] Pairs)
    {
        public int Agreements => Pairs.Count(p => p.Live.Emotion == p.Reference.Prediction.Emotion.ToLabel() && p.Live.Speech == p.Reference.Prediction.HasSpeech);

        public double MeanProbabilityDifference => Pairs.Average(p =>
            p.Live.Probabilities.Zip(p.Reference.Prediction.Probabilities, (a, b) => Math.Abs(a - b)).Average());

        public int CompareTo(Result other) =>
            Agreements != other.Agreements ? Agreements.CompareTo(other.Agreements) : other.MeanProbabilityDifference.CompareTo(MeanProbabilityDifference);

        /// <summary>Every window but at most one near-tie agrees, and the probabilities are close on average.</summary>
        public bool Agrees => Pairs.Length == Windows && Agreements >= Windows - 1 && MeanProbabilityDifference < 0.05;

        public void AssertAgrees() => Assert.True(Agrees, ToString());

        public override string ToString()
        {
            var text = new StringBuilder($"best start {OffsetSeconds:0.0} s into the loop: {Agreements}/{Pairs.Length} agree, " +
                                         $"mean |p_live - p_library| {MeanProbabilityDifference:0.000}\n");
            foreach (var (live, reference) in Pairs)
                text.Append(CultureInfo.InvariantCulture, $"  live {live.Start,6:0.00} s {live.Emotion,-8} | library {reference.Prediction}\n");
            return text.ToString();
        }
    }
}
