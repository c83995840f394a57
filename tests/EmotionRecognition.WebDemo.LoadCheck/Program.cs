// Load check of the web demo: starts it as its own process on loopback, opens N live sessions that each stream real RAVDESS
// speech at real-time pace the way the page does (48 kHz mono Float32 in 2,048-sample frames), and reports the latency from
// the frame that completes a window to that window's answer (p50/p95/max), and the server's resident memory.
//   dotnet run -c Release --project tests/EmotionRecognition.WebDemo.LoadCheck -- [SESSIONS=20] [SECONDS=30]
using System.Globalization;
using EmotionRecognition.WebDemo.LoadCheck;

var sessions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
if (sessions is < 1 or > 200 || seconds is < 5 or > 600)
{
    Console.Error.WriteLine("usage: LoadCheck [SESSIONS 1-200] [SECONDS 5-600]");
    return 2;
}

using var server = await DemoProcess.StartAsync(maxSessions: sessions);
var idleRss = server.ResidentMegabytes();
var clips = SpeechClips.Load(sessions, seconds);
// One short session first, so that start-up work (JIT, the ONNX Runtime session's first run) is not counted as latency.
await PacedSession.RunAsync(server.LiveAddress, SpeechClips.Load(1, 5)[0]);
using var memory = new MemorySampler(server);
var cpuBefore = server.CpuSeconds();
var wall = System.Diagnostics.Stopwatch.StartNew();
var results = await Task.WhenAll(clips.Select(clip => PacedSession.RunAsync(server.LiveAddress, clip)));
var cpu = server.CpuSeconds() - cpuBefore;
var peakRss = memory.Stop();

var latencies = results.SelectMany(r => r.LatenciesMs).Order().ToArray();
var failed = results.Where(r => r.Error is not null).ToArray();
Console.WriteLine(FormattableString.Invariant(
    $"{sessions} sessions x {seconds:0} s of speech at real-time pace, {latencies.Length} windows answered, {failed.Length} sessions failed"));
Console.WriteLine(FormattableString.Invariant(
    $"latency per window (last frame sent -> answer received): p50 {Percentile(latencies, 0.50):0.0} ms, p95 {Percentile(latencies, 0.95):0.0} ms, max {latencies.LastOrDefault():0.0} ms"));
Console.WriteLine(FormattableString.Invariant($"server RSS: {idleRss:0} MB idle (model loaded), {peakRss:0} MB peak under load"));
Console.WriteLine(FormattableString.Invariant($"server CPU: {cpu:0.0} s over {wall.Elapsed.TotalSeconds:0} s of wall time ({100 * cpu / wall.Elapsed.TotalSeconds:0} % of one core)"));
Console.WriteLine($"load average while measuring (1/5/15 min): {File.ReadAllText("/proc/loadavg").Trim()}, {Environment.ProcessorCount} cores");
foreach (var reason in failed.GroupBy(f => f.Error)) Console.WriteLine($"  {reason.Count()} failed: {reason.Key}");
return failed.Length == 0 && latencies.Length > 0 ? 0 : 1;

static double Percentile(double[] sorted, double q) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
