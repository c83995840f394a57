using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

/// <summary>
/// The committed generated recordings in <c>tests/audio</c> are exactly what <see cref="EdgeCaseAudio"/> makes, and decode to
/// the layouts it describes. To regenerate them after changing the generator, run this class once with
/// <c>EMOTION_WRITE_EDGE_CASE_AUDIO=1</c>.
/// </summary>
public sealed class EdgeCaseAudioTests
{
    public static TheoryData<string> Names() => new(EdgeCaseAudio.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void CommittedFileIsWhatTheGeneratorMakes(string name)
    {
        var expected = EdgeCaseAudio.Generate(name);
        if (Environment.GetEnvironmentVariable("EMOTION_WRITE_EDGE_CASE_AUDIO") == "1")
            File.WriteAllBytes(EdgeCaseAudio.PathOf(name), expected);
        Assert.True(File.ReadAllBytes(EdgeCaseAudio.PathOf(name)).AsSpan().SequenceEqual(expected),
            $"{name} differs from the generator's output; regenerate with EMOTION_WRITE_EDGE_CASE_AUDIO=1");
    }

    [Fact]
    public void TheFolderHoldsOnlyGeneratedFiles() =>
        Assert.Equal(EdgeCaseAudio.Names, Directory.GetFiles(EdgeCaseAudio.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData(EdgeCaseAudio.Silence, 1, 22050, 22050)]
    [InlineData(EdgeCaseAudio.Tone, 1, 22050, 22050)]
    [InlineData(EdgeCaseAudio.Click, 1, 22050, 22050)]
    [InlineData(EdgeCaseAudio.Noise, 1, 22050, 22050)]
    [InlineData(EdgeCaseAudio.TenMilliseconds, 1, 22050, 220)]
    [InlineData(EdgeCaseAudio.StereoWithFiller, 2, 48000, 36000)]
    [InlineData(EdgeCaseAudio.MonoFloat, 1, 48000, 12000)]
    public void EachFileDecodesToItsLayout(string name, int channels, int sampleRate, long frames)
    {
        using var reader = AudioFile.Open(EdgeCaseAudio.PathOf(name));
        Assert.Equal((channels, sampleRate, frames), (reader.Info.Channels, reader.Info.SampleRate, reader.Info.FrameCount));
        var samples = TestWav.ReadAll(reader, 4096);
        Assert.Equal(channels * frames, samples.Length);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
        Assert.Equal(name == EdgeCaseAudio.Silence, samples.All(s => s == 0));
    }
}
