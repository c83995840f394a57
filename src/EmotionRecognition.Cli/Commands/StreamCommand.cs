using System.CommandLine;
using System.Runtime.InteropServices;

namespace EmotionRecognition.Cli.Commands;

/// <summary>
/// <c>emotion stream [--rate N] [--format s16le|f32le] [--window S] [--hop S] [--model FILE] [--json]</c>: classifies raw mono
/// PCM read from standard input, printing each window's emotion as soon as it is heard, e.g.
/// <c>sox speech.wav -t raw -r 22050 -e signed -b 16 -c 1 - | emotion stream --rate 22050</c>.
/// </summary>
internal static class StreamCommand
{
    private const int ChunkBytes = 8192;

    internal static Command Create(TextWriter output, TextWriter error, Func<Stream> openInput)
    {
        var rate = new Option<int>("--rate") { Description = "Sample rate of the input in Hz.", DefaultValueFactory = _ => 22050 };
        rate.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--rate must be positive."); });
        var format = new Option<string>("--format") { Description = "s16le (16-bit signed) or f32le (32-bit float), little-endian mono.", DefaultValueFactory = _ => "s16le" };
        format.AcceptOnlyFromAmong("s16le", "f32le");
        var window = ModelOption.Window();
        var hop = ModelOption.Hop();
        var model = ModelOption.Create();
        var json = ModelOption.Json();
        var command = new Command("stream", "Recognise emotion live in raw mono PCM read from standard input.") { rate, format, window, hop, model, json };
        command.SetAction((parse, ct) => Task.FromResult(Run(openInput, parse.GetValue(rate), parse.GetValue(format) == "f32le",
            ModelOption.ToSpan(parse.GetValue(window)), ModelOption.ToSpan(parse.GetValue(hop)), parse.GetValue(model), parse.GetValue(json),
            output, error, ct)));
        return command;
    }

    private static int Run(Func<Stream> openInput, int rate, bool floats, TimeSpan? window, TimeSpan? hop, string? modelPath, bool json,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var classifier = ModelOption.Load(modelPath, error, out var exit);
        if (classifier is null) return exit;
        LiveClassifier live;
        try
        {
            live = classifier.CreateLiveClassifier(rate, window, hop);
        }
        catch (ArgumentException e)
        {
            return ExitCodes.Report(error, "stream", e);
        }
        live.SegmentReady += (_, segment) =>
        {
            output.WriteLine(ModelOption.Describe(segment, json));
            output.Flush();
        };
        try
        {
            using var input = openInput();
            Pump(input, live, floats ? sizeof(float) : sizeof(short), cancellationToken);
            live.Complete();
        }
        catch (Exception e) when (ExitCodes.IsBadInput(e))
        {
            // NaN or infinite samples in f32le input, or a model whose output breaks on it: the results so far stand; the rest
            // of the input cannot be classified.
            return ExitCodes.Report(error, "standard input", e);
        }
        return ExitCodes.Success;
    }

    private static void Pump(Stream input, LiveClassifier live, int sampleBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        var pending = 0; // bytes of a sample split across reads
        int read;
        while ((read = input.Read(buffer, pending, buffer.Length - pending)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var available = pending + read;
            var whole = available - available % sampleBytes;
            var bytes = buffer.AsSpan(0, whole);
            // The formats are little-endian, as is every platform .NET runs on here.
            if (sampleBytes == sizeof(float)) live.Write(MemoryMarshal.Cast<byte, float>(bytes));
            else live.Write(MemoryMarshal.Cast<byte, short>(bytes));
            pending = available - whole;
            buffer.AsSpan(whole, pending).CopyTo(buffer);
        }
    }
}
