using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

public class InfoCommandTests
{
    [RequiresFact(Requirement.SharedData)]
    public void PrintsFormatRateChannelsAndDurationOfFlacAndWav()
    {
        var flac = Path.Combine(SharedData.Ravdess, "Actor_01", "03-01-05-01-01-01-01.flac");
        var wav = Path.Combine(SharedData.Ravdess48k, "03-01-02-01-01-02-01.wav");
        var result = CliRunner.Run("info", flac, wav);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        // The frame counts are what sox reports for these files.
        Assert.Equal($"{flac}: FLAC, FLAC 16-bit, 22050 Hz, mono, 3.871 s (85345 frames)", lines[0]);
        Assert.Equal($"{wav}: WAV, PCM 16-bit, 48000 Hz, stereo, 3.604 s (172972 frames)", lines[1]);
    }

    [Fact]
    public void AFolderWithSymlinkCyclesListsEachFileOnceAndEnds()
    {
        var dir = SharedData.NewTempDirectory("info-links");
        var inner = Directory.CreateDirectory(Path.Combine(dir, "a")).FullName;
        WavWriter.WriteTone(Path.Combine(inner, "tone.wav"));
        Directory.CreateSymbolicLink(Path.Combine(inner, "loop"), dir);
        Directory.CreateSymbolicLink(Path.Combine(dir, "self"), dir);

        var result = CliRunner.Run("info", dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(Path.Combine(inner, "tone.wav") + ": WAV", result.Output);
    }

    [RequiresFact(Requirement.SharedData)]
    public void BadFileIsReportedWithoutStackTraceAndOthersStillPrint()
    {
        var dir = SharedData.NewTempDirectory("info");
        var bad = Path.Combine(dir, "notes.wav");
        File.WriteAllText(bad, "this is not audio at all");
        var good = Path.Combine(SharedData.Ravdess, "Actor_02", "03-01-01-01-01-01-02.flac");

        var result = CliRunner.Run("info", bad, good);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(good, result.Output);
        Assert.StartsWith($"error: {bad}:", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
