using System.CommandLine;
using System.Runtime.CompilerServices;
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
        command.SetAction((parse, ct) => Run(openInput, parse.GetValue(rate), parse.GetValue(format) == "f32le",
            ModelOption.ToSpan(parse.GetValue(window)), ModelOption.ToSpan(parse.GetValue(hop)), parse.GetValue(model), parse.GetValue(json),
            output, error, ct));
        return command;
    }

    private static async Task<int> Run(Func<Stream> openInput, int rate, bool floats, TimeSpan? window, TimeSpan? hop, string? modelPath,
        bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var classifier = ModelOption.Load(modelPath, error, out var exit);
        if (classifier is null) return exit;
        IAsyncEnumerable<EmotionSegment> segments;
        try
        {
            segments = classifier.ClassifyLiveAsync(ReadChunks(openInput, floats, cancellationToken), rate, window, hop, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return ExitCodes.Report(error, "stream", e);
        }
        try
        {
            await foreach (var segment in segments.ConfigureAwait(false))
            {
                await output.WriteLineAsync(ModelOption.Describe(segment, json)).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (ExitCodes.IsBadInput(e))
        {
            // NaN or infinite samples in f32le input, or a model whose output breaks on it: the results so far stand; the rest
            // of the input cannot be classified.
            return ExitCodes.Report(error, "standard input", e);
        }
        return ExitCodes.Success;
    }

    /// <summary>The input as float chunks, each as soon as it is read; one buffer serves them all, as the live API copies each chunk in.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<float>> ReadChunks(Func<Stream> openInput, bool floats,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var input = openInput();
        var sampleBytes = floats ? sizeof(float) : sizeof(short);
        var buffer = new byte[ChunkBytes];
        var samples = new float[ChunkBytes / sampleBytes];
        var pending = 0; // bytes of a sample split across reads
        int read;
        while ((read = await input.ReadAsync(buffer.AsMemory(pending), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var available = pending + read;
            var whole = available - available % sampleBytes;
            var count = whole / sampleBytes;
            // The formats are little-endian, as is every platform .NET runs on here.
            if (floats) MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)).CopyTo(samples);
            else ToFloats(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, whole)), samples);
            pending = available - whole;
            buffer.AsSpan(whole, pending).CopyTo(buffer);
            if (count > 0) yield return samples.AsMemory(0, count);
        }
    }

    /// <summary>16-bit PCM scaled by 1/32768, as the decoders scale it.</summary>
    private static void ToFloats(ReadOnlySpan<short> pcm, Span<float> samples)
    {
        for (var i = 0; i < pcm.Length; i++) samples[i] = pcm[i] / 32768f;
    }
}
