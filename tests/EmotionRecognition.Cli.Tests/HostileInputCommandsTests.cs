using System.Diagnostics;
using System.Text.Json.Nodes;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Fuzz;
using EmotionRecognition.Inference;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

/// <summary>
/// Hostile input the command line must answer with exit 2 and a message, or survive: a model that breaks only on speech, a folder
/// that cannot be listed, a closed standard input, file names that would forge result lines, unwritable training outputs, a feature
/// spec no audio can satisfy, and a killed tool with ffmpeg running. Every input is made by the test.
/// </summary>
public sealed class HostileInputCommandsTests(CliTestModel model) : IClassFixture<CliTestModel>, IDisposable
{
    private readonly string _dir = SharedData.NewTempDirectory("cli-hostile");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AModelThatPassesTheLoadCheckButBreaksOnSpeechIsABadInput()
    {
        var model = EmotionModel.Load(model.Path);
        var spec = model.FeatureSpec;
        var extractor = new FeatureExtractor(spec);
        float[] Row(float[] samples)
        {
            var buffer = new float[ModelInput.BufferLength(spec)];
            return buffer[..ModelInput.Write(extractor, model, samples, buffer)];
        }
        // The input value where this clip rises furthest above every load-time test signal: NaN above the midpoint.
        var probes = EmotionClassifier.LoadCheckSignals(spec).Select(Row).ToArray();
        var speech = Row(AudioLoader.Load(model.Files[0], spec.ToLoadOptions()).Samples);
        var index = Enumerable.Range(0, speech.Length).MaxBy(i => speech[i] - probes.Max(p => p[i]));
        var ceiling = probes.Max(p => p[index]);
        Assert.True(speech[index] > ceiling);
        var path = Path.Combine(_dir, "breaks-on-speech.emotion");
        model.WithOnnxModel(HostileGraphs.NanAbove(model, index, (speech[index] + ceiling) / 2), new Dictionary<string, string>()).Save(path);

        var result = CliRunner.Run("predict", model.Files[0], "--model", path);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("which are not probabilities", result.Error);
        Tools.AssertNoStackTrace(result);
    }

    [Fact]
    public void AFolderThatCannotBeListedIsReportedAndTheOtherFilesStillRun()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "corpus")).FullName;
        var good = model.Files.Take(2).Select((f, i) => Tools.CopyTo(f, Path.Combine(root, $"{i}.flac"))).ToArray();
        // Folders nested until their path passes PATH_MAX (4,096): listing the deepest fails with ENAMETOOLONG, for root as for
        // anyone, where a permission test would pass as root. The chain is made and removed by relative steps.
        var segment = new string('d', 250);
        Tools.RunTool("bash", "-c", $"cd \"$0\" && for i in $(seq 18); do mkdir {segment} && cd {segment}; done", root);
        try
        {
            var result = CliRunner.Run("predict", root, "--model", model.Path);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(good, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]));
            Assert.Contains("this folder cannot be read, so its files were skipped", result.Error);
            Assert.Contains(segment, result.Error);
            Tools.AssertNoStackTrace(result);
        }
        finally
        {
            Tools.RunTool("rm", "-rf", Path.Combine(root, segment));
        }
    }

    [Fact]
    public async Task StreamWithAClosedStandardInputEndsWithABadInput()
    {
        // Descriptor 0 closed before the tool starts: the runtime reuses it for a pipe of its own, which used to be read for ever.
        var (exit, _, error) = await RunTool(TimeSpan.FromMinutes(2), "bash", "-c", "exec dotnet \"$0\" stream <&-", typeof(EmotionCli).Assembly.Location);
        Assert.Equal(2, exit);
        Assert.Contains("standard input is closed", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void ControlCharactersInFileNamesCannotForgeResultLines()
    {
        var name = "a\tangry 99.9%\nforged.wav\u001b[2J.flac";
        var path = Tools.CopyTo(model.Files[0], Path.Combine(_dir, name));
        var escaped = TextLine.Escape(path);
        Assert.DoesNotContain('\n', escaped);
        Assert.DoesNotContain('\t', escaped);
        Assert.Contains(@"a\tangry 99.9%\nforged.wav\u001b[2J.flac", escaped);

        foreach (var arguments in new[] { new[] { "predict", path, "--model", model.Path }, ["info", path] })
        {
            var result = CliRunner.Run(arguments);
            Assert.True(result.ExitCode == 0, result.Error);
            var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(escaped, line);
        }
        var missing = CliRunner.Run("info", Path.Combine(_dir, "gone\nerror: forged.wav"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void UnwritableTrainingOutputsAreFoundBeforeTraining()
    {
        var file = Tools.CopyTo(model.Files[0], Path.Combine(_dir, "a-file.flac"));
        var data = Path.Combine(SharedData.Ravdess, "Actor_01");
        (string[] Arguments, string Message)[] cases =
        [
            (["--out", _dir], "is a folder; name the file to write"),
            (["--out", Path.Combine(file, "model.emotion")], "cannot be written, so nothing was started"),
            (["--out", Path.Combine(_dir, "no-such-folder", "model.emotion")], "cannot be written, so nothing was started"),
            (["--out", Path.Combine(_dir, "m.emotion"), "--report", file], "is a file; a folder is needed"),
            (["--out", Path.Combine(_dir, "m.emotion"), "--report", Path.Combine(file, "reports")], "cannot be written, so nothing was started"),
        ];
        foreach (var (arguments, message) in cases)
        {
            var result = CliRunner.Run(["train", "--data", data, "--epochs", "1", .. arguments]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Error);
            Assert.DoesNotContain("clips", result.Output); // the first thing training prints
            Tools.AssertNoStackTrace(result);
        }
    }

    [Theory]
    [InlineData("sampleRate", 1, "SampleRate must be between 1000")]
    [InlineData("durationSeconds", 0.01, "must hold at least one frame")]
    public void AModelWhoseSpecNoAudioCanSatisfyIsRefusedAtLoadNamingTheSpec(string field, double value, string message)
    {
        var bytes = File.ReadAllBytes(model.Path);
        var spec = JsonNode.Parse(ModelFiles.Read(bytes).Single(e => e.Name == "feature-spec.json").Bytes)!;
        spec[field] = value;
        var path = Path.Combine(_dir, "spec.emotion");
        File.WriteAllBytes(path, ModelFiles.WithEntry(bytes, "feature-spec.json", System.Text.Encoding.UTF8.GetBytes(spec.ToJsonString())));

        var result = CliRunner.Run("predict", model.Files[0], model.Files[1], "--model", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the model, once, not every file
        Assert.Contains("feature spec (feature-spec.json) cannot be used", result.Error);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("KILL")]
    public async Task KillingTheToolWhileFfmpegReadsAFifoLeavesNoFfmpegBehind(string signal)
    {
        var mp3 = Path.Combine(_dir, "clip.mp3");
        Tools.RunTool("ffmpeg", "-loglevel", "error", "-i", model.Files[0], mp3);
        var fifo = Path.Combine(_dir, "held.mp3");
        Tools.RunTool("mkfifo", fifo);
        using var hold = new CancellationTokenSource();
        // Half the file, then the writer holds the FIFO open: ffmpeg waits for the rest, as it would behind a stalled upload.
        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            var bytes = await File.ReadAllBytesAsync(mp3);
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            try { await Task.Delay(Timeout.Infinite, hold.Token); } catch (OperationCanceledException) { }
        });
        // A shell without job control starts background commands with SIGINT ignored, and that survives exec: CI may hand the
        // test host (and so the tool) an ignored SIGINT, which a terminal never does. Python restores the default, then becomes the tool.
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
            "dotnet", typeof(EmotionCli).Assembly.Location, "predict", fifo, "--model", model.Path })
            start.ArgumentList.Add(a);
        using var cli = Process.Start(start)!;
        try
        {
            var ffmpeg = await Eventually(() => ChildrenOf(cli.Id, "ffmpeg").FirstOrDefault(), TimeSpan.FromMinutes(1));
            Assert.True(ffmpeg > 0, "ffmpeg never started under the tool");
            Tools.RunTool("kill", $"-{signal}", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var gone = await Eventually(() => IsRunning(ffmpeg) ? 0 : 1, TimeSpan.FromSeconds(30));
            Assert.True(gone == 1, $"ffmpeg {ffmpeg} outlived the tool killed by SIG{signal}");
        }
        finally
        {
            if (!cli.HasExited) cli.Kill(entireProcessTree: true);
            await hold.CancelAsync();
            await writer.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<int> Eventually(Func<int> probe, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        int value;
        while ((value = probe()) == 0 && clock.Elapsed < limit) await Task.Delay(100);
        return value;
    }

    /// <summary>Live (not zombie) processes whose parent is <paramref name="parent"/> and whose command is <paramref name="name"/>.</summary>
    private static IEnumerable<int> ChildrenOf(int parent, string name) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit))
            .Select(d => (Pid: int.Parse(d!, System.Globalization.CultureInfo.InvariantCulture), Stat: Stat(int.Parse(d!, System.Globalization.CultureInfo.InvariantCulture))))
            .Where(p => p.Stat is { } s && s.Parent == parent && s.Name == name && s.State != 'Z').Select(p => p.Pid);

    private static bool IsRunning(int pid) => Stat(pid) is { State: not 'Z' };

    private static (string Name, char State, int Parent)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": the command may hold spaces, so split after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var rest = stat[(close + 2)..].Split(' ');
            return (stat[(stat.IndexOf('(') + 1)..close], rest[0][0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunTool(TimeSpan limit, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not end within {limit}");
        }
        return (process.ExitCode, await output, await error);
    }
}
