using System.IO.Compression;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

/// <summary>
/// The documented exit codes (0 success, 2 bad input, 1 internal error) with hostile inputs: one bad file among good ones, a file
/// that breaks off in the middle, NaN audio, a damaged model. User errors never print a stack trace.
/// </summary>
public sealed class ReliabilityCommandsTests(CliTestModel model) : IClassFixture<CliTestModel>, IDisposable
{
    private readonly string _dir = SharedData.NewTempDirectory("cli-reliability");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FolderWithOneCorruptFileStillPrintsEveryOtherFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "recordings")).FullName;
        var good = model.Files.Take(3).Select((f, i) => Copy(f, Path.Combine(folder, $"{i}.flac"))).ToArray();
        var truncated = File.ReadAllBytes(model.Files[3]);
        File.WriteAllBytes(Path.Combine(folder, "1a-truncated.flac"), truncated[..(truncated.Length / 2)]);

        var result = CliRunner.Run("predict", folder, "--model", model.Path);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(good, lines.Select(l => l.Split('\t')[0]));
        Assert.Contains("1a-truncated.flac", result.Error);
        Assert.Contains("truncated", result.Error);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void SegmentsOfAFileThatBreaksOffPrintWhatPrecedesTheDamage()
    {
        var long20 = Path.Combine(_dir, "long.wav");
        var samples = model.Files.Take(6).SelectMany(f => Audio.AudioLoader.Load(f).Samples).Take(20 * 22050).Select(v => (short)(v * 32767)).ToArray();
        WavWriter.WritePcm16(long20, samples, 22050, 1);
        var broken = File.ReadAllBytes(long20);
        File.WriteAllBytes(long20, broken[..(broken.Length / 2 + 1)]); // ends inside a frame, half-way

        var result = CliRunner.Run("segments", long20, "--model", model.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.InRange(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 5, 8); // the windows of the first 10 s
        Assert.Contains("truncated", result.Error);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void NonFiniteAudioIsABadInput()
    {
        var values = Enumerable.Range(0, 3 * 22050).Select(i => i == 30_000 ? double.PositiveInfinity : 0.1 * Math.Sin(i * 0.03)).ToArray();
        var path = WavWriter.Write(_dir, "inf.wav", WavWriter.Build(new WavSpec(WavWriter.Float, 1, 22050, 32), WavWriter.FloatSamples(values, 32)));

        var result = CliRunner.Run("predict", path, model.Files[0], "--model", model.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("NaN or infinite", result.Error);
        AssertNoStackTrace(result);
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("segments")]
    public void DamagedModelIsABadInputNamingTheDamagedPart(string command)
    {
        var damaged = Copy(model.Path, Path.Combine(_dir, "damaged.emotion"));
        using (var zip = ZipFile.Open(damaged, ZipArchiveMode.Update))
        {
            var onnx = zip.GetEntry("model.onnx")!;
            byte[] bytes;
            using (var read = onnx.Open()) { using var copy = new MemoryStream(); read.CopyTo(copy); bytes = copy.ToArray(); }
            bytes[bytes.Length / 2] ^= 0x01; // one flipped bit in the weights: the manifest's SHA-256 no longer matches
            onnx.Delete();
            using var write = zip.CreateEntry("model.onnx").Open();
            write.Write(bytes);
        }

        var result = CliRunner.Run(command, model.Files[0], "--model", damaged);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("damaged.emotion", result.Error);
        Assert.Contains("model.onnx is damaged", result.Error);
        AssertNoStackTrace(result);
    }

    [Fact]
    public void OnlyInternalErrorsPrintAStackTraceAndOutrankBadInput()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, ExitCodes.Report(error, "a.wav", new Audio.AudioFormatException("a.wav", "bad")));
        Assert.Equal(ExitCodes.InternalError, ExitCodes.Report(error, "b.wav", ThrownNullReference()));
        Assert.Contains("internal error while processing b.wav", error.ToString());
        Assert.Contains("   at ", error.ToString());
        Assert.Equal(ExitCodes.InternalError, ExitCodes.Worst(ExitCodes.BadInput, ExitCodes.InternalError));
        Assert.Equal(ExitCodes.BadInput, ExitCodes.Worst(ExitCodes.Success, ExitCodes.BadInput));
    }

    private static Exception ThrownNullReference()
    {
        try
        {
            throw new NullReferenceException();
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Copy(string from, string to)
    {
        File.Copy(from, to);
        return to;
    }

    private static void AssertNoStackTrace(CliRunner.Result result) => Assert.DoesNotContain("   at ", result.Error);
}
