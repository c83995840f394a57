using EmotionRecognition.Features;

namespace EmotionRecognition.Audio.Tests.Features;

public class FeatureSpecTests
{
    [Fact]
    public void SeedSpecDescribesTheOriginal2376ValueRow()
    {
        var seed = FeatureSpec.Seed;
        Assert.Equal(55125, seed.SampleCount);
        Assert.Equal(108, seed.FrameCount);
        Assert.Equal(2376, seed.VectorLength);
        Assert.Equal(11025, seed.EffectiveMaxFrequency);
    }

    [Fact]
    public void JsonRoundTripGivesAnEqualSpec()
    {
        var spec = FeatureSpec.Seed with { HtkMelScale = true, MaxFrequency = 8000, Layout = FeatureLayout.ZcrRmsMfccByCoefficient };
        var json = spec.ToJson();
        Assert.Contains("\"layout\": \"ZcrRmsMfccByCoefficient\"", json);
        Assert.DoesNotContain("vectorLength", json);
        Assert.Equal(spec, FeatureSpec.FromJson(json));
        Assert.Equal(FeatureSpec.Seed, FeatureSpec.FromJson(FeatureSpec.Seed.ToJson()));
    }

    [Fact]
    public void FromJsonRejectsUnknownPropertiesAndInvalidValues()
    {
        Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson("{\"sampleRat\": 22050}"));
        Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson("{\"hopLength\": 0}"));
        Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson("not json"));
    }

    [Fact]
    public void ValidateReportsEveryProblemAtOnce()
    {
        var spec = FeatureSpec.Seed with { SampleRate = 0, FrameLength = 1000, HopLength = -1, MfccCount = 200, TopDb = 0 };
        var error = Assert.Throws<ArgumentException>(spec.Validate);
        foreach (var name in new[] { "SampleRate", "FrameLength", "HopLength", "MfccCount", "TopDb" })
            Assert.Contains(name, error.Message);
        Assert.Throws<ArgumentException>(() => new FeatureExtractor(spec));
    }

    [Theory]
    [InlineData("{\"melBandCount\": 2147483647}", "MelBandCount must be between 1 and 4096")]
    [InlineData("{\"frameLength\": 131072}", "FrameLength must be a power of two from 4 to 65536")]
    [InlineData("{\"sampleRate\": 2000000}", "SampleRate must be between 1000 and 1536000")]
    [InlineData("{\"durationSeconds\": 100000}", "DurationSeconds * SampleRate is too large")]
    [InlineData("{\"hopLength\": 1, \"durationSeconds\": 3000, \"mfccCount\": 128}", "the vector would be longer")]
    public void SpecsFromModelFilesHaveUpperLimits(string json, string expected)
    {
        // Found by fuzzing models: a spec that validated but overflowed the mel filter bank it sized.
        var error = Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson(json));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("{\"sampleRate\": 1}", "SampleRate must be between 1000 and 1536000 (was 1)")]
    [InlineData("{\"sampleRate\": 999, \"maxFrequency\": 400}", "SampleRate must be between 1000")]
    [InlineData("{\"durationSeconds\": 0.05}", "DurationSeconds must hold at least one frame of 2048 samples at 22050 Hz")]
    [InlineData("{\"durationSeconds\": 1e-9}", "at least one frame")]
    public void SpecsNoAudioCanSatisfyAreRefused(string json, string expected)
    {
        // A 1 Hz spec used to load, and then every audio file was blamed for it.
        var error = Assert.Throws<ArgumentException>(() => FeatureSpec.FromJson(json));
        Assert.Contains(expected, error.Message);
        FeatureSpec.Seed.Validate();
        FeatureSpec.Utterance.Validate();
    }
}
