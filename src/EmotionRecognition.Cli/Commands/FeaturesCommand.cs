using System.Collections.Concurrent;
using System.CommandLine;
using System.Text.Json;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion features FILE|DIR… [--offset S] [--duration S] [--format json|npy] [--out PATH]</c>: the seed feature vector
/// (ZCR, RMS and 20 MFCCs per frame) of each file, computed on all cores.
/// </summary>
internal static class FeaturesCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("audio") { Description = "Audio files or folders.", Arity = ArgumentArity.OneOrMore };
        var offset = new Option<double>("--offset") { Description = "Seconds skipped at the start.", DefaultValueFactory = _ => FeatureSpec.Seed.OffsetSeconds };
        var duration = new Option<double>("--duration") { Description = "Seconds analysed (shorter clips are zero-padded).", DefaultValueFactory = _ => FeatureSpec.Seed.DurationSeconds };
        var format = new Option<string>("--format") { Description = "json (one object per file) or npy (a files x values float32 matrix).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "npy");
        var outPath = new Option<string?>("--out") { Description = "Write here instead of standard output (required for npy)." };
        var command = new Command("features", "Extract librosa-equal features (ZCR, RMS, 20 MFCCs per frame) of audio files.")
        {
            files, offset, duration, format, outPath,
        };
        command.SetAction(parse =>
        {
            var spec = FeatureSpec.Seed with { OffsetSeconds = parse.GetValue(offset), DurationSeconds = parse.GetValue(duration) };
            return Run(AudioInputs.Expand(parse.GetValue(files)!), spec, parse.GetValue(format)!, parse.GetValue(outPath), output, error);
        });
        return command;
    }

    private static int Run(AudioInputs inputs, FeatureSpec spec, string format, string? outPath, TextWriter output, TextWriter error)
    {
        try
        {
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (format == "npy" && outPath is null)
        {
            error.WriteLine("error: --format npy writes binary data and needs --out FILE.npy");
            return ExitCodes.BadInput;
        }

        var files = inputs.Files;
        var extractor = new FeatureExtractor(spec);
        var results = new FeatureFrames?[files.Count];
        var failures = new ConcurrentDictionary<int, Exception>();
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                results[i] = extractor.Extract(AudioLoader.Load(files[i], spec.ToLoadOptions()).Samples);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });

        var exit = inputs.ReportUnreadable(error);
        foreach (var (i, e) in failures.OrderBy(f => f.Key))
            exit = ExitCodes.Worst(exit, ExitCodes.Report(error, files[i], e));

        var ok = Enumerable.Range(0, files.Count).Where(i => results[i] is not null).ToList();
        if (format == "npy")
        {
            var matrix = new float[ok.Count * spec.VectorLength];
            for (var row = 0; row < ok.Count; row++)
                results[ok[row]]!.ToVector(spec.Layout).CopyTo(matrix, row * spec.VectorLength);
            NpyWriter.WriteFloat32(outPath!, matrix, [ok.Count, spec.VectorLength]);
            return exit;
        }

        using var writer = outPath is null ? null : new StreamWriter(outPath);
        var target = writer ?? output;
        foreach (var i in ok)
            target.WriteLine(ToJson(files[i], spec, results[i]!));
        return exit;
    }

    private static string ToJson(string file, FeatureSpec spec, FeatureFrames f)
    {
        var mfcc = Enumerable.Range(0, f.Frames).Select(t => f.MfccFrame(t).ToArray()).ToArray();
        return JsonSerializer.Serialize(new
        {
            file,
            sampleRate = spec.SampleRate,
            frames = f.Frames,
            zcr = f.Zcr,
            rms = f.Rms,
            mfcc,
            vector = f.ToVector(spec.Layout),
        });
    }
}
