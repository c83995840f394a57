// Classifies live audio read as raw mono 32-bit float PCM from standard input, printing a prediction per window:
// sox speech.wav -t raw -r 22050 -e floating-point -b 32 -c 1 - | dotnet run --project samples/LiveStream -- MODEL.emotion 22050
using System.Runtime.InteropServices;
using EmotionRecognition;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: LiveStream MODEL.emotion [SAMPLE_RATE] < raw-f32le-mono");
    return 2;
}
var rate = args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 22050;

using var classifier = EmotionClassifier.Load(args[0]);
var live = classifier.CreateStream(rate, window: TimeSpan.FromSeconds(2.5), hop: TimeSpan.FromSeconds(1));
live.SegmentReady += (_, segment) => Console.WriteLine(segment);

using var input = Console.OpenStandardInput();
var buffer = new byte[4096];
var pending = 0;
int read;
while ((read = input.Read(buffer, pending, buffer.Length - pending)) > 0)
{
    var available = pending + read;
    var whole = available - available % sizeof(float);
    live.Write(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)));
    pending = available - whole;
    buffer.AsSpan(whole, pending).CopyTo(buffer);
}
live.Complete();
return 0;
