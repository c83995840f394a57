using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

public class FlacLibrosaFixtureTests
{
    public static TheoryData<string> FlacFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in SharedData.FixtureNames().Where(n => InputPath(n).EndsWith(".flac", StringComparison.Ordinal)))
            data.Add(name);
        return data;
    }

    /// <summary>
    /// librosa.load(offset=0.6, duration=2.5) through soundfile seeks int(0.6 × sr) frames and reads
    /// int(2.5 × sr) frames; at 22,050 Hz no resampling follows, so <c>native.npy</c> is the decoder's output.
    /// </summary>
    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(FlacFixtures))]
    public void SegmentAtLibrosaOffsetEqualsNativeNpy(string fixture)
    {
        var expected = Npy.Read(Path.Combine(SharedData.Fixture(fixture), "native.npy")).ToFloat();
        var path = InputPath(fixture);
        using var reader = new FlacReader(File.OpenRead(path), leaveOpen: false, Path.GetFileName(path));
        Assert.Equal(1, reader.Info.Channels);
        var rate = reader.Info.SampleRate;
        var offset = (int)(0.6 * rate);
        var length = (int)(2.5 * rate);
        Assert.Equal(expected.Length, length);

        Assert.Equal(offset, reader.SkipFrames(offset));
        var actual = new float[length];
        Assert.Equal(length, reader.ReadFrames(actual));
        Assert.Equal(expected, actual);
    }

    private static string InputPath(string fixture)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Fixture(fixture), "manifest.json")));
        var relative = manifest.RootElement.GetProperty("input").GetProperty("path").GetString()!;
        return Path.GetFullPath(Path.Combine(SharedData.Root, relative));
    }
}
