using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Cli.Tests;

/// <summary>The committed test model (<see cref="CommittedTestModel"/>) and a scratch folder for the CLI tests.</summary>
public sealed class CliTestModel : IDisposable
{
    public string Directory { get; } = SharedData.NewTempDirectory("cli-test-model");

    public string Path { get; } = CommittedTestModel.ModelPath;

    /// <summary>The clips the model was trained on.</summary>
    public IReadOnlyList<string> Files { get; } = CommittedTestModel.Committed.TrainingFiles;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public class ClassifyCommandsTests(CliTestModel model) : IClassFixture<CliTestModel>
{
    [RequiresFact(Requirement.SharedData)]
    public void ExportOnnxInt8WritesAQuantisedGraphAndAModelThatClassifiesLikeTheFloatOne()
    {
        var dir = SharedData.NewTempDirectory("cli-int8");
        var onnx = Path.Combine(dir, "int8.onnx");
        var int8Model = Path.Combine(dir, "int8.emotion");
        var result = CliRunner.Run(["export-onnx", "--model", model.Path, "--out", onnx, "--int8", "--calibration", .. model.Files.Take(12),
            "--calibration-count", "8", "--model-out", int8Model]);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("calibrating int8 ranges on 8 clips", result.Output);
        Assert.Matches(@"int8 vs float32 on 4 other clips: top emotion agrees on 4/4, max \|probability difference\| 0\.0[0-4]", result.Output);

        using (var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx))
            Assert.Equal([-1, 7], session.OutputMetadata["probabilities"].Dimensions);
        Assert.StartsWith("int8 QDQ", EmotionModel.Load(int8Model).Provenance["quantization"]);
        using var float32 = EmotionClassifier.Load(model.Path);
        using var int8 = EmotionClassifier.Load(int8Model);
        // Clips the calibration did not see.
        foreach (var file in model.Files.Skip(12).Take(8))
        {
            var (expected, actual) = (float32.Classify(file), int8.Classify(file));
            Assert.All(expected.Probabilities.Zip(actual.Probabilities), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 0.05f));
            // The small test model is nearly undecided on some clips (top two within a point, and which one leads varies with the
            // run's thread timing); the label must agree wherever the float margin exceeds what int8 may move each probability.
            var top = expected.Top(2);
            if (top[0].Probability - top[1].Probability > 0.1f)
                Assert.Equal(expected.Emotion, actual.Emotion);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void ExportOnnxInt8WithoutCalibrationIsABadInput()
    {
        var result = CliRunner.Run("export-onnx", "--model", model.Path, "--out", Path.Combine(model.Directory, "x.onnx"), "--int8");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--calibration", result.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void PredictPrintsOneLinePerFileAndGoesOnPastABadOne()
    {
        var bad = Path.Combine(model.Directory, "not-audio.wav");
        File.WriteAllText(bad, "hello");
        var result = CliRunner.Run("predict", model.Files[0], bad, model.Files[1], "--model", model.Path, "--top", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not-audio.wav", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        using var classifier = EmotionClassifier.Load(model.Path);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        for (var i = 0; i < 2; i++)
        {
            var top = classifier.Classify(model.Files[i]).Top(2);
            var expected = $"{Percent(top[0])} ({Percent(top[1])})";
            Assert.Equal($"{model.Files[i]}\t{expected}", lines[i]);
        }
    }

    private static string Percent((Emotion Emotion, float Probability) t) =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Emotion.ToLabel()} {t.Probability * 100:F1}%");

    [RequiresFact(Requirement.SharedData)]
    public void PredictJsonCarriesEveryProbability()
    {
        var result = CliRunner.Run("predict", model.Files[2], "--model", model.Path, "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        using var classifier = EmotionClassifier.Load(model.Path);
        var expected = classifier.Classify(model.Files[2]);
        Assert.Equal(expected.Emotion.ToLabel(), json.RootElement.GetProperty("emotion").GetString());
        Assert.Equal("speech", json.RootElement.GetProperty("speech").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("top").GetArrayLength());
        foreach (var emotion in Enum.GetValues<Emotion>())
            Assert.Equal(expected.ProbabilityOf(emotion), json.RootElement.GetProperty("probabilities").GetProperty(emotion.ToLabel()).GetSingle());
    }

    [RequiresFact(Requirement.SharedData)]
    public void SilenceIsReportedAsNoSpeechInTextAndJson()
    {
        var dir = SharedData.NewTempDirectory("cli-silence");
        try
        {
            var file = Path.Combine(dir, "silence.wav");
            WavWriter.WritePcm16(file, new short[3 * 22050], 22050, 1);
            var text = CliRunner.Run("predict", file);
            Assert.Equal(0, text.ExitCode);
            Assert.Equal($"{file}\tno speech", text.Output.Trim());
            var result = CliRunner.Run("predict", file, "--json");
            using var json = JsonDocument.Parse(result.Output);
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("emotion").ValueKind);
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("confidence").ValueKind);
            Assert.Equal("none", json.RootElement.GetProperty("speech").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("top").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void WithoutAModelTheShippedDefaultModelClassifies()
    {
        var file = Path.Combine(SharedData.Ravdess, "Actor_20", "03-01-05-02-01-01-20.flac");
        var result = CliRunner.Run("predict", file);
        Assert.Equal(0, result.ExitCode);
        using var classifier = EmotionClassifier.LoadDefault();
        var expected = classifier.Classify(file);
        Assert.StartsWith($"{file}\t{expected.Emotion.ToLabel()} ", result.Output);
        Assert.Equal("", result.Error);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SegmentsAndStreamPrintTheSameWindows()
    {
        var file = model.Files[3];
        var segments = CliRunner.Run("segments", file, "--window", "1", "--hop", "0.5", "--model", model.Path);
        Assert.Equal(0, segments.ExitCode);
        var lines = segments.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 4);
        Assert.StartsWith("0.00\t1.00\t", lines[0]);
        Assert.StartsWith("0.50\t1.50\t", lines[1]);

        // The same audio as raw float PCM on standard input.
        var audio = AudioLoader.Load(file, new AudioLoadOptions { SampleRate = null });
        var bytes = MemoryMarshal.AsBytes(audio.Samples.AsSpan()).ToArray();
        var streamed = CliRunner.RunWithInput(bytes, "stream", "--rate", audio.SampleRate.ToString(CultureInfo.InvariantCulture),
            "--format", "f32le", "--window", "1", "--hop", "0.5", "--model", model.Path);
        Assert.Equal(0, streamed.ExitCode);
        Assert.Equal(segments.Output, streamed.Output);

        var json = CliRunner.Run("segments", file, "--window", "1", "--model", model.Path, "--json");
        using var first = JsonDocument.Parse(json.Output.Split('\n')[0]);
        Assert.Equal(1.0, first.RootElement.GetProperty("end").GetDouble());
    }

    [RequiresFact(Requirement.SharedData)]
    public void StreamPrintsEachWindowAsSoonAsItIsHeardNotAtTheEndOfTheInput()
    {
        var file = model.Files[3];
        var segments = CliRunner.Run("segments", file, "--window", "1", "--hop", "0.5", "--model", model.Path);
        var audio = AudioLoader.Load(file, new AudioLoadOptions { SampleRate = null });
        var bytes = MemoryMarshal.AsBytes(audio.Samples.AsSpan()).ToArray();
        var output = new StringWriter();
        string? printedAtTwoSeconds = null;
        // The tool reads the input and prints its lines in one flow, so the output is quiet whenever the input is read.
        var twoSeconds = 2 * audio.SampleRate * sizeof(float);
        var input = new ObservedInput(bytes, twoSeconds, () => printedAtTwoSeconds = output.ToString());

        var streamed = CliRunner.RunWithInput(() => input, output, "stream", "--rate", audio.SampleRate.ToString(CultureInfo.InvariantCulture),
            "--format", "f32le", "--window", "1", "--hop", "0.5", "--model", model.Path);

        Assert.Equal(0, streamed.ExitCode);
        Assert.Equal(segments.Output, streamed.Output);
        // After 2 s of audio the windows ending at 1 s and 1.5 s are out (resampling delays a window by a few ms at most).
        Assert.NotNull(printedAtTwoSeconds);
        var early = printedAtTwoSeconds.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(early.Length, 2, 3);
        Assert.StartsWith(printedAtTwoSeconds, streamed.Output);
        Assert.True(input.Disposed, "the tool left standard input open");
    }

    /// <summary>Raw audio that calls <c>reached</c> on the first read at or past <c>offset</c>, and remembers being disposed.</summary>
    private sealed class ObservedInput(byte[] audio, int offset, Action reached) : MemoryStream(audio, writable: false)
    {
        private Action? _reached = reached;

        public bool Disposed { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= offset) Interlocked.Exchange(ref _reached, null)?.Invoke();
            return base.ReadAsync(buffer, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void StreamReadsSixteenBitPcm()
    {
        var audio = AudioLoader.Load(model.Files[4], new AudioLoadOptions { SampleRate = null });
        var shorts = audio.Samples.Select(s => (short)Math.Round(s * 32768)).ToArray();
        var result = CliRunner.RunWithInput(MemoryMarshal.AsBytes(shorts.AsSpan()).ToArray(), "stream", "--rate",
            audio.SampleRate.ToString(CultureInfo.InvariantCulture), "--model", model.Path, "--json");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A RAVDESS clip lasts 3-4 s: at least the first 2.5 s window and the one 1.25 s later.
        Assert.InRange(lines.Length, 1, 3);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(2.5, first.RootElement.GetProperty("end").GetDouble());
    }
}
