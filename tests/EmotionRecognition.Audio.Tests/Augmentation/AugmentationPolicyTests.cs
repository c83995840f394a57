using EmotionRecognition.Audio.Tests.Features;
using EmotionRecognition.Augmentation;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Augmentation;

public class AugmentationPolicyTests
{
    [Fact]
    public void SeedPolicyListsTheOriginalFourCopies()
    {
        Assert.Equal(
            new[] { AugmentationKind.Original, AugmentationKind.Noise, AugmentationKind.Pitch, AugmentationKind.PitchAndNoise },
            AugmentationPolicy.Seed.Copies);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ProducesTheConfiguredCopiesInOrderFromOneRandomSource()
    {
        var signal = LibrosaFixture.Get("03-01-05-02-01-01-01").Signal;
        var policy = new AugmentationPolicy { Copies = [AugmentationKind.Original, AugmentationKind.Noise, AugmentationKind.Stretch] };
        var copies = policy.Apply(signal, 22050, new Random(3));
        Assert.Equal(3, copies.Count);
        Assert.Equal(signal, copies[0]);
        Assert.Equal(Noise.Add(signal, new Random(3)), copies[1]);
        Assert.Equal(TimeStretch.Apply(signal, 0.8), copies[2]);
    }
}
