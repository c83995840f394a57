using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

public class FeaturesCommandTests
{
    private const string Fixture = "03-01-05-02-01-01-01";

    private static string FixtureInput => Path.Combine(SharedData.Ravdess, "Actor_01", Fixture + ".flac");

    [RequiresFact(Requirement.SharedData)]
    public void JsonCarriesPartsAndVectorEqualToLibrosa()
    {
        var result = CliRunner.Run("features", FixtureInput);
        Assert.Equal(0, result.ExitCode);

        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(FixtureInput, root.GetProperty("file").GetString());
        Assert.Equal(22050, root.GetProperty("sampleRate").GetInt32());
        Assert.Equal(108, root.GetProperty("frames").GetInt32());
        Assert.Equal(108, root.GetProperty("zcr").GetArrayLength());
        Assert.Equal(108, root.GetProperty("mfcc").GetArrayLength());
        Assert.Equal(20, root.GetProperty("mfcc")[0].GetArrayLength());

        var expected = Npy.Read(Path.Combine(SharedData.Fixture(Fixture), "features.npy")).Data;
        var vector = root.GetProperty("vector").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, vector.Length);
        for (var i = 0; i < vector.Length; i++) Assert.Equal(expected[i], vector[i], 1e-3);
        // The parts are the vector's pieces: ZCR first, then RMS, then MFCCs frame by frame.
        Assert.Equal(vector[0], root.GetProperty("zcr")[0].GetDouble(), 6);
        Assert.Equal(vector[108], root.GetProperty("rms")[0].GetDouble(), 6);
        Assert.Equal(vector[216 + 20 + 3], root.GetProperty("mfcc")[1][3].GetDouble(), 4);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NpyWritesOneRowPerGoodFileAndReportsTheBadOne()
    {
        var dir = SharedData.NewTempDirectory("features");
        var bad = Path.Combine(dir, "broken.flac");
        File.WriteAllBytes(bad, File.ReadAllBytes(FixtureInput)[..200]);
        var out_ = Path.Combine(dir, "rows.npy");
        var actor = Path.Combine(SharedData.Ravdess, "Actor_03");

        var result = CliRunner.Run("features", actor, bad, "--format", "npy", "--out", out_);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.flac", result.Error);
        var rows = Npy.Read(out_);
        Assert.Equal(new[] { 60, 2376 }, rows.Shape);
        // Rows keep the sorted folder order: row 0 is the actor's first clip.
        var first = Directory.GetFiles(actor).Order(StringComparer.Ordinal).First();
        var single = JsonDocument.Parse(CliRunner.Run("features", first).Output).RootElement.GetProperty("vector");
        for (var i = 0; i < 2376; i += 97) Assert.Equal((float)single[i].GetDouble(), (float)rows[0, i]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void OffsetAndDurationChangeTheWindow()
    {
        var result = CliRunner.Run("features", FixtureInput, "--offset", "0", "--duration", "1.0");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(1 + 22050 / 512, json.RootElement.GetProperty("frames").GetInt32());
    }

    [RequiresFact(Requirement.SharedData)]
    public void NpyWithoutOutIsRefused()
    {
        var result = CliRunner.Run("features", FixtureInput, "--format", "npy");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Error);
    }
}
