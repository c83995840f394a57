using System.CommandLine;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Onnx;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion export-onnx --model FILE --out FILE.onnx [--int8 --calibration FILE|DIR… [--calibration-count N]
/// [--bundle-out FILE.emotion]]</c>: the bundle's ONNX graph alone, for other runtimes; with <c>--int8</c>, quantised.
/// </summary>
internal static class ExportOnnxCommand
{
    private const int DefaultCalibrationCount = 64;

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model bundle.", Required = true };
        var outPath = new Option<string>("--out") { Description = "The .onnx file to write.", Required = true };
        var int8 = new Option<bool>("--int8") { Description = "Quantise the convolutions to int8 (needs --calibration)." };
        var calibration = new Option<string[]>("--calibration")
        {
            Description = "Audio files or folders whose clips set the int8 activation ranges (real speech, all classes).",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--calibration-count")
        {
            Description = $"How many clips, spread evenly over the calibration files, to use (default {DefaultCalibrationCount}).",
            DefaultValueFactory = _ => DefaultCalibrationCount,
        };
        var bundleOut = new Option<string?>("--bundle-out") { Description = "Also write the int8 model as a bundle (.emotion)." };
        var command = new Command("export-onnx", "Write a model bundle's ONNX graph (input: scaled features, output: probabilities).")
        {
            model, outPath, int8, calibration, count, bundleOut,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(outPath)!,
            parse.GetValue(int8) ? new Int8Request(parse.GetValue(calibration) ?? [], parse.GetValue(count), parse.GetValue(bundleOut)) : null,
            output, error, cancellationToken)));
        return command;
    }

    private sealed record Int8Request(string[] Calibration, int Count, string? BundleOut);

    private static int Run(string modelPath, string outPath, Int8Request? int8, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var bundle = ModelBundle.Load(modelPath);
            if (int8 is not null)
                bundle = Quantize(bundle, int8, output, cancellationToken);
            bundle.SaveOnnx(outPath);
            if (int8?.BundleOut is { } bundlePath)
                bundle.Save(bundlePath);
            output.WriteLine($"{outPath}: input '{bundle.InputName}' [batch, {bundle.FeatureSpec.VectorLength}] (features scaled with the bundle's scaler), " +
                $"output '{bundle.OutputName}' [batch, {bundle.Labels.Count}] probabilities of {string.Join(", ", bundle.Labels)}" +
                (int8 is null ? "" : ", int8"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ExitCodes.Report(error, modelPath, e);
        }
    }

    private static ModelBundle Quantize(ModelBundle bundle, Int8Request request, TextWriter output, CancellationToken cancellationToken)
    {
        if (request.Calibration.Length == 0)
            throw new ArgumentException("--int8 needs --calibration with audio files or folders of real speech.");
        if (request.Count < 1)
            throw new ArgumentException("--calibration-count must be at least 1.");
        var files = AudioInputs.Expand(request.Calibration);
        if (files.Count == 0)
            throw new ArgumentException("--calibration names no audio files.");
        // Evenly spread picks cover every speaker and emotion of a sorted corpus folder, not just its first actor.
        var picked = Enumerable.Range(0, Math.Min(request.Count, files.Count)).Select(i => files[(int)((long)i * files.Count / Math.Min(request.Count, files.Count))]).ToList();
        var extractor = new FeatureExtractor(bundle.FeatureSpec);
        var load = bundle.FeatureSpec.ToLoadOptions();
        var rows = picked.Select(file =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return extractor.ExtractVector(AudioLoader.Load(file, load).Samples);
        }).ToList();
        output.WriteLine($"calibrating int8 ranges on {rows.Count} clips");
        return OnnxQuantizer.Quantize(bundle, rows, cancellationToken);
    }
}
