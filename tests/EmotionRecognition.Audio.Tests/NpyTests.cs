using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

public class NpyTests
{
    [RequiresFact(Requirement.SharedData)]
    public void ReadsFixtureShapesDeclaredInManifest()
    {
        var mfcc = Npy.Read(Path.Combine(SharedData.Fixture("b_22050_mono_s16"), "mfcc.npy"));
        Assert.Equal(new[] { 20, 108 }, mfcc.Shape);
        Assert.Equal(20 * 108, mfcc.Data.Length);
        var signal = Npy.Read(Path.Combine(SharedData.Fixture("b_22050_mono_s16"), "signal.npy"));
        Assert.Equal("<f4", signal.DType);
        Assert.Equal(55125, signal.Data.Length);
        Assert.Equal(-0.785491943359375, signal.Data.Min());
    }
}
