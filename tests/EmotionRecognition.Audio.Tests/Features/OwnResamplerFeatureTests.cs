using EmotionRecognition.Features;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

/// <summary>
/// The whole audio road on inputs that need resampling: our decoder and our resampler (not resampy's signal.npy) feeding the
/// features, against librosa's features of the same file.
/// </summary>
public class OwnResamplerFeatureTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> ResampledFixtures() =>
        SharedData.FixtureNames().Where(n => LibrosaFixture.Get(n).NativeRate != 22050).Select(n => new object[] { n });

    [RequiresFact(Requirement.SharedData)]
    public void FiveFixturesNeedResampling() => Assert.Equal(5, ResampledFixtures().Count());

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(ResampledFixtures))]
    public void MfccAfterOurResamplerIsWithinOneHundredthOfLibrosa(string name)
    {
        var fixture = LibrosaFixture.Get(name);
        var clip = AudioLoader.Load(AudioLoaderTests.InputOf(name), FeatureSpec.Seed.ToLoadOptions());
        var vector = new FeatureExtractor(FeatureSpec.Seed).ExtractUnpadded(clip.Samples).ToVector();
        var expected = fixture.Array("features").Data;
        Assert.Equal(expected.Length, vector.Length);

        var mfccStart = 2 * (vector.Length / 22);
        var worst = 0.0;
        for (var i = mfccStart; i < vector.Length; i++) worst = Math.Max(worst, Math.Abs(vector[i] - expected[i]));
        output.WriteLine($"{name}: max |MFCC error| {worst:E2}");
        Assert.True(worst <= 1e-2, $"{name}: MFCC error {worst}");
    }
}
