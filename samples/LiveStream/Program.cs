// Classifies live audio read as raw mono 32-bit float PCM from standard input, printing a prediction per window as soon as it is heard:
//   sox speech.wav -t raw -r 22050 -e floating-point -b 32 -c 1 - | dotnet run --project samples/LiveStream -- [SAMPLE_RATE] [MODEL.emotion]
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EmotionRecognition;

if (args.Length > 2)
{
    Console.Error.WriteLine("usage: LiveStream [SAMPLE_RATE] [MODEL.emotion] < raw-f32le-mono");
    return 2;
}
var rate = args.Length >= 1 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 22050;

using var classifier = args.Length == 2 ? EmotionClassifier.Load(args[1]) : EmotionClassifier.LoadDefault();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };   // Ctrl+C stops reading and the model run in progress

await using var input = Console.OpenStandardInput();
try
{
    await foreach (var segment in classifier.ClassifyLiveAsync(ReadFloats(input), rate, hop: TimeSpan.FromSeconds(1), cancellationToken: stop.Token))
        Console.WriteLine(segment);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("stopped");
}
return 0;

// Raw little-endian floats in chunks as they arrive, keeping a sample split across reads for the next chunk.
static async IAsyncEnumerable<ReadOnlyMemory<float>> ReadFloats(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
{
    var buffer = new byte[16384];
    var pending = 0;
    int read;
    while ((read = await input.ReadAsync(buffer.AsMemory(pending), cancellationToken)) > 0)
    {
        var available = pending + read;
        var whole = available - available % sizeof(float);
        yield return MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)).ToArray();
        pending = available - whole;
        buffer.AsSpan(whole, pending).CopyTo(buffer);
    }
}
