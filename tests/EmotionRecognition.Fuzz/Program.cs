using System.Globalization;
using EmotionRecognition.Fuzz;

// dotnet run -c Release --project tests/EmotionRecognition.Fuzz -- --target wav|flac|model|all
//     [--iterations N | --minutes M] [--seed S] [--findings DIR]
//   or: -- --replay FILE|DIR…   (runs saved inputs through their target and prints each outcome)
//   or: -- --threads T [--iterations N]   (T threads × N classifications on one classifier against single-threaded results)
// Exit code: 0 no findings, 3 findings, 2 bad arguments.
try
{
    var options = Arguments.Parse(args);
    if (options.Replay.Count > 0) return Replay(options.Replay);
    if (options.Threads is { } threads) return Concurrency(threads, (int)(options.Iterations ?? 1000));
    var findings = 0;
    foreach (var name in options.Targets)
    {
        var report = FuzzRunner.Run(FuzzTarget.Create(name), new FuzzOptions
        {
            Seed = options.Seed,
            Iterations = options.Iterations,
            Duration = options.Duration,
            FindingsDirectory = options.Findings,
            Log = Console.Error.WriteLine,
        });
        Console.WriteLine(report);
        foreach (var finding in report.Findings.Where(f => f.File is not null))
            Console.WriteLine($"  {finding.File}: {finding.Outcome.ToString().Split('\n')[0]}");
        findings += report.Findings.Count;
    }
    return findings == 0 ? 0 : 3;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static int Concurrency(int threads, int calls)
{
    using var classifier = EmotionRecognition.EmotionClassifier.LoadDefault();
    var files = EmotionRecognition.TestData.SharedData.RavdessFiles().Where((_, i) => i % 75 == 0).ToArray(); // 16 clips, every actor
    var report = ConcurrencyRun.Run(classifier, files, threads, calls);
    Console.WriteLine(report);
    return report.Mismatches == 0 ? 0 : 3;
}

static int Replay(IReadOnlyList<string> paths)
{
    var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*", SearchOption.AllDirectories) : [p])
        .Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
    var findings = 0;
    foreach (var file in files)
    {
        var outcome = FuzzRunner.Check(RegressionFiles.TargetOf(file), File.ReadAllBytes(file));
        findings += outcome.IsFinding ? 1 : 0;
        Console.WriteLine($"{file}: {outcome.ToString().Split('\n')[0]}");
    }
    return findings == 0 ? 0 : 3;
}

internal sealed record Arguments(IReadOnlyList<string> Targets, long? Iterations, TimeSpan? Duration, int Seed, string? Findings, IReadOnlyList<string> Replay,
    int? Threads)
{
    public static Arguments Parse(string[] args)
    {
        var targets = new List<string>();
        var replay = new List<string>();
        long? iterations = null;
        TimeSpan? duration = null;
        var seed = 1;
        string? findings = null;
        int? threads = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": var t = Value(); targets.AddRange(t == "all" ? FuzzTarget.Names : [t]); break;
                case "--iterations": iterations = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--minutes": duration = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--findings": findings = Value(); break;
                case "--threads": threads = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--replay": while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) replay.Add(args[++i]); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        if (replay.Count == 0 && targets.Count == 0 && threads is null) throw new ArgumentException("give --target wav|flac|model|all, or --replay FILE…");
        if (replay.Count == 0 && iterations is null && duration is null) iterations = 1000;
        foreach (var target in targets) FuzzTarget.Create(target); // reject unknown names before any work
        return new Arguments(targets, iterations, duration, seed, findings, replay, threads);
    }
}
