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

    [RequiresFact(Requirement.SharedData)]
    public void FolderWithOneCorruptFileStillPrintsEveryOtherFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "recordings")).FullName;
        var good = model.Files.Take(3).Select((f, i) => Tools.CopyTo(f, Path.Combine(folder, $"{i}.flac"))).ToArray();
        var truncated = File.ReadAllBytes(model.Files[3]);
        File.WriteAllBytes(Path.Combine(folder, "1a-truncated.flac"), truncated[..(truncated.Length / 2)]);

        var result = CliRunner.Run("predict", folder, "--model", model.Path);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(good, lines.Select(l => l.Split('\t')[0]));
        Assert.Contains("1a-truncated.flac", result.Error);
        Assert.Contains("truncated", result.Error);
        Tools.AssertNoStackTrace(result);
    }

    [RequiresFact(Requirement.SharedData)]
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
        Tools.AssertNoStackTrace(result);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NonFiniteAudioIsABadInput()
    {
        var values = Enumerable.Range(0, 3 * 22050).Select(i => i == 30_000 ? double.PositiveInfinity : 0.1 * Math.Sin(i * 0.03)).ToArray();
        var path = WavWriter.Write(_dir, "inf.wav", WavWriter.Build(new WavSpec(WavWriter.Float, 1, 22050, 32), WavWriter.FloatSamples(values, 32)));

        var result = CliRunner.Run("predict", path, model.Files[0], "--model", model.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("NaN or infinite", result.Error);
        Tools.AssertNoStackTrace(result);
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("predict")]
    [InlineData("segments")]
    public void DamagedModelIsABadInputNamingTheDamagedPart(string command)
    {
        var damaged = Tools.CopyTo(model.Path, Path.Combine(_dir, "damaged.emotion"));
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
        Tools.AssertNoStackTrace(result);
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

    [RequiresTheory(Requirement.SharedData)]
    [InlineData("--window", "NaN")]
    [InlineData("--hop", "1e300")]
    [InlineData("--window", "-2")]
    public void WindowsAndHopsOutOfRangeAreBadInput(string option, string value)
    {
        var file = Path.Combine(SharedData.Ravdess, "Actor_01", "03-01-05-01-01-01-01.flac");
        var result = CliRunner.Run("segments", file, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} must be a number of seconds above 0", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void StreamedNaNSamplesAreBadInputNotACrash()
    {
        var samples = Enumerable.Repeat(float.NaN, 48000).ToArray();
        var result = CliRunner.RunWithInput(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).ToArray(),
            "stream", "--rate", "16000", "--format", "f32le");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("standard input: The audio contains NaN or infinite samples", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ASymlinkLoopIsABadInputAndTheOtherFilesStillRun()
    {
        var loop = Path.Combine(_dir, "loop-a.wav");
        File.CreateSymbolicLink(loop, Path.Combine(_dir, "loop-b.wav"));
        File.CreateSymbolicLink(Path.Combine(_dir, "loop-b.wav"), loop);
        var good = Path.Combine(SharedData.Ravdess, "Actor_02", "03-01-01-01-01-01-02.flac");
        var result = CliRunner.Run("info", loop, good);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{loop}: cannot be opened", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.Contains(good + ": FLAC", result.Output);
    }

    [RequiresFact(Requirement.Ffmpeg, Requirement.SharedData)]
    public async Task AnMp3ReadFromAFifoGivesTheFilesOwnAnswer()
    {
        var mp3 = Path.Combine(_dir, "clip.mp3");
        var flac = Path.Combine(SharedData.Ravdess, "Actor_03", "03-01-05-02-01-01-03.flac");
        Tools.RunTool("ffmpeg", "-loglevel", "error", "-i", flac, mp3);
        var fifo = Path.Combine(_dir, "pipe.mp3");
        Tools.RunTool("mkfifo", fifo);
        // The sniffer reads the start of the pipe; ffmpeg must get those bytes too, not reopen the FIFO and find them gone.
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(mp3)));
        var piped = CliRunner.Run("predict", fifo, "--json");
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        var direct = CliRunner.Run("predict", mp3, "--json");
        Assert.True(piped.ExitCode == 0, piped.Error);
        Assert.Equal(direct.Output.Replace(mp3, fifo), piped.Output);
    }

    [RequiresFact(Requirement.SharedData)]
    public void AWindowLongerThanTheModelReadsIsRefusedNotSilentlyCut()
    {
        var file = Path.Combine(SharedData.Ravdess, "Actor_01", "03-01-05-01-01-01-01.flac");
        var result = CliRunner.Run("segments", file, "--window", "12");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("The model reads at most 10 s of a window", result.Error);
        var fits = CliRunner.Run("segments", file, "--window", "3.5");
        Assert.True(fits.ExitCode == 0, fits.Error);
        Assert.Single(fits.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AFolderWithoutAudioIsReportedAndSegmentsOfAFolderSaysSo()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "no audio here");
        var predict = CliRunner.Run("predict", empty);
        Assert.Equal(2, predict.ExitCode);
        Assert.Contains($"{empty}: is a folder with no audio file", predict.Error);
        var segments = CliRunner.Run("segments", empty);
        Assert.Equal(2, segments.ExitCode);
        Assert.Contains("is a folder", segments.Error);
        Assert.DoesNotContain("denied", segments.Error);
    }
}
