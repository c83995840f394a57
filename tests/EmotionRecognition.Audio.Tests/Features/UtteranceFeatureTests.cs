using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

public sealed class UtteranceFeatureTests
{
    private static readonly FeatureSpec Spec = FeatureSpec.Utterance;
    private static readonly FeatureExtractor Extractor = new(Spec);

    private static float[] Clip(int index, int? rate = null) =>
        AudioLoader.Load(SharedData.RavdessFiles()[index], new AudioLoadOptions { SampleRate = rate ?? Spec.SampleRate }).Samples;

    [RequiresFact(Requirement.SharedData)]
    public void TheUtteranceSpecIsVariableLengthAndSurvivesItsJson()
    {
        Assert.True(Spec.IsVariableLength);
        Assert.Equal(64, Spec.FrameWidth);
        Assert.Equal(1001 * 64, Spec.VectorLength);
        Assert.Equal(Spec, FeatureSpec.FromJson(Spec.ToJson()));
        Assert.False(FeatureSpec.Seed.IsVariableLength);
        Assert.Equal(22, FeatureSpec.Seed.FrameWidth);
        var error = Assert.Throws<ArgumentException>(() => (FeatureSpec.Seed with { TrimSilence = true }).Validate());
        Assert.Contains("TrimSilence", error.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void LeadingAndTrailingSilenceIsTrimmedSoPaddingAClipChangesNothing()
    {
        var speech = Clip(12);
        var padded = new float[speech.Length + 2 * Spec.SampleRate];
        speech.CopyTo(padded, Spec.SampleRate);

        var plain = Extractor.ExtractUtterance(speech);
        var withSilence = Extractor.ExtractUtterance(padded);
        var untrimmed = new FeatureExtractor(Spec with { TrimSilence = false }).ExtractUtterance(speech);

        // RAVDESS clips open with about a second of room tone: trimming drops it.
        Assert.True(plain.Length < 0.8 * untrimmed.Length, $"{plain.Length / 64} of {untrimmed.Length / 64} frames kept");
        Assert.InRange(withSilence.Length / 64 - plain.Length / 64, -2, 2);
    }

    [RequiresFact(Requirement.SharedData)]
    public void FramesFollowTheClipAndEqualTheLogMelOfTheFixedPath()
    {
        var speech = Clip(30)[..24000];
        var spec = Spec with { TrimSilence = false };
        var frames = new FeatureExtractor(spec).ExtractUtterance(speech);
        Assert.Equal((1 + 24000 / 160) * 64, frames.Length);
        // The same log-mel values the librosa-equal path computes for the whole signal.
        var reference = new FeatureExtractor(spec).ExtractUnpadded(speech).LogMel;
        Assert.Equal(reference.Length, frames.Length);
        for (var i = 0; i < frames.Length; i++)
            Assert.Equal(reference[i], frames[i], 3);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void EveryInputRateFrom16kHzUpGivesTheSameBands(int rate)
    {
        // Read at 16 kHz directly, or at another rate and resampled by the classifier's path: nothing above 7.6 kHz is read.
        var direct = Extractor.ExtractUtterance(Clip(600));
        var other = Extractor.ExtractUtterance(Resampler.Resample(Clip(600, rate), rate, Spec.SampleRate));
        var frames = Math.Min(direct.Length, other.Length) / 64;
        Assert.InRange(Math.Abs(direct.Length - other.Length) / 64, 0, 2);
        double sum = 0;
        var loud = 0;
        for (var i = 0; i < frames * 64; i++)
        {
            // Bins within 40 dB of the top: where speech is; the -80 dB floor is noise at any rate.
            if (direct[i] < direct.Max() - 40) continue;
            sum += Math.Abs(direct[i] - other[i]);
            loud++;
        }
        Assert.True(sum / loud < 0.5, $"mean difference {sum / loud:F2} dB over {loud} loud cells");
    }

    [RequiresFact(Requirement.SharedData)]
    public void AFixedLengthSpecRefusesTheUtteranceCallsAndTheOtherWayRound()
    {
        Assert.Throws<InvalidOperationException>(() => new FeatureExtractor(FeatureSpec.Seed).ExtractUtterance(new float[1000]));
        Assert.Throws<InvalidOperationException>(() => Extractor.ExtractVector(new float[1000]));
        Assert.Throws<ArgumentException>(() => Extractor.ExtractFrames(new float[1000], new float[10]));
    }
}
