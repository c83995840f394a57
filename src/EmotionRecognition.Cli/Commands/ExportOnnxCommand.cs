using System.CommandLine;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Onnx;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion-train export-onnx --model FILE --out FILE.onnx [--int8 --calibration FILE|DIR… [--calibration-count N]
/// [--model-out FILE.emotion]]</c>: the model's ONNX graph alone, for other runtimes; with <c>--int8</c>, quantised.
/// </summary>
internal static class ExportOnnxCommand
{
    private const int DefaultCalibrationCount = 256;

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model.", Required = true };
        var outPath = new Option<string>("--out") { Description = "The .onnx file to write.", Required = true };
        var int8 = new Option<bool>("--int8") { Description = "Quantise the convolutions to int8 (needs --calibration)." };
        var calibration = new Option<string[]>("--calibration")
        {
            Description = "Audio files or folders whose clips set the int8 activation ranges (real speech, all classes).",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--calibration-count")
        {
            Description = $"How many clips, spread evenly over the calibration files, set the ranges (default {DefaultCalibrationCount}); as many others between them check the result.",
            DefaultValueFactory = _ => DefaultCalibrationCount,
        };
        var modelOut = new Option<string?>("--model-out") { Description = "Also write the int8 model as a .emotion file." };
        var command = new Command("export-onnx", "Write a model's ONNX graph (input: scaled features, output: probabilities).")
        {
            model, outPath, int8, calibration, count, modelOut,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(outPath)!,
            parse.GetValue(int8) ? new Int8Request(parse.GetValue(calibration) ?? [], parse.GetValue(count), parse.GetValue(modelOut)) : null,
            output, error, cancellationToken)));
        return command;
    }

    private sealed record Int8Request(string[] Calibration, int Count, string? ModelOut);

    private static int Run(string modelPath, string outPath, Int8Request? int8, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var model = EmotionModel.Load(modelPath);
            if (int8 is not null)
            {
                var original = model;
                var (calibration, check) = PickClips(int8);
                model = Quantize(original, calibration, output, cancellationToken);
                ReportAgreement(original, model, check, output, cancellationToken);
            }
            model.SaveOnnx(outPath);
            if (int8?.ModelOut is { } modelOut)
                model.Save(modelOut);
            var shape = model.FeatureSpec.IsVariableLength ? $"[batch, frames, {model.FeatureSpec.FrameWidth}]" : $"[batch, {model.FeatureSpec.VectorLength}]";
            output.WriteLine($"{outPath}: input '{model.InputName}' {shape} (features scaled with the model's scaler), " +
                $"output '{model.OutputName}' [batch, {model.Labels.Count}] probabilities of {string.Join(", ", model.Labels)}" +
                (int8 is null ? "" : ", int8"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, modelPath, e);
        }
    }

    /// <summary>
    /// Calibration clips spread evenly over the sorted files (so a corpus folder gives every speaker and emotion, not just
    /// its first actor), and as many other clips, between them, to compare the int8 model with the float one.
    /// </summary>
    private static (List<string> Calibration, List<string> Check) PickClips(Int8Request request)
    {
        if (request.Calibration.Length == 0)
            throw new ArgumentException("--int8 needs --calibration with audio files or folders of real speech.");
        if (request.Count < 1)
            throw new ArgumentException("--calibration-count must be at least 1.");
        var files = AudioInputs.Expand(request.Calibration).AllFiles();
        if (files.Count == 0)
            throw new ArgumentException("--calibration names no audio files.");
        var count = Math.Min(request.Count, files.Count);
        var calibration = Enumerable.Range(0, count).Select(i => (long)i * files.Count / count).ToList();
        var check = Enumerable.Range(0, count).Select(i => (2L * i + 1) * files.Count / (2L * count)).Except(calibration);
        return (calibration.Select(i => files[(int)i]).ToList(), check.Select(i => files[(int)i]).ToList());
    }

    private static EmotionModel Quantize(EmotionModel model, List<string> files, TextWriter output, CancellationToken cancellationToken)
    {
        var extractor = new FeatureExtractor(model.FeatureSpec);
        var load = model.FeatureSpec.ToLoadOptions();
        var rows = files.Select(file =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return extractor.ExtractVector(AudioLoader.Load(file, load).Samples);
        }).ToList();
        output.WriteLine($"calibrating int8 ranges on {rows.Count} clips");
        return OnnxQuantizer.Quantize(model, rows, cancellationToken);
    }

    /// <summary>Prints how far the int8 model's probabilities move from the float model's on clips calibration did not see.</summary>
    private static void ReportAgreement(EmotionModel original, EmotionModel quantised, List<string> files, TextWriter output, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
            return;
        using var float32 = EmotionClassifier.Load(original);
        using var int8 = EmotionClassifier.Load(quantised);
        var (agree, largest) = (0, 0f);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clip = AudioLoader.Load(file, original.FeatureSpec.ToLoadOptions(), cancellationToken);
            var (expected, actual) = (float32.Classify(clip.Samples, clip.SampleRate), int8.Classify(clip.Samples, clip.SampleRate));
            agree += expected.Emotion == actual.Emotion ? 1 : 0;
            largest = Math.Max(largest, expected.Probabilities.Zip(actual.Probabilities, (e, a) => Math.Abs(e - a)).Max());
        }
        output.WriteLine($"int8 vs float32 on {files.Count} other clips: top emotion agrees on {agree}/{files.Count}, " +
            $"max |probability difference| {largest:F4}");
    }
}
