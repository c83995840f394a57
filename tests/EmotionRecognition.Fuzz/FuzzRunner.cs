using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmotionRecognition.Fuzz;

/// <summary>What one input did: accepted, refused with a documented exception, or a finding (crash, hang, allocation, garbage).</summary>
/// <param name="Kind"><c>accepted</c>, <c>refused</c>, or the finding's kind.</param>
/// <param name="Detail">The exception type for refusals; what went wrong for findings.</param>
public sealed record FuzzOutcome(string Kind, string Detail)
{
    public bool IsFinding => Kind is not ("accepted" or "refused");

    public override string ToString() => $"{Kind}: {Detail}";
}

/// <summary>A finding, with the file its input was saved to (if findings are saved).</summary>
public sealed record FuzzFinding(long Iteration, string Parent, FuzzOutcome Outcome, string? File);

/// <summary>The result of a run.</summary>
public sealed record FuzzReport(string Target, int Seed, long Iterations, TimeSpan Elapsed, IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<FuzzFinding> Findings)
{
    public override string ToString() =>
        $"{Target}: {Iterations:N0} inputs in {Elapsed.TotalSeconds:F1} s (seed {Seed}); "
        + string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"))
        + $"; {Findings.Count} finding(s)";
}

/// <summary>How long to fuzz and where findings go.</summary>
public sealed record FuzzOptions
{
    public int Seed { get; init; }

    /// <summary>Stop after this many inputs (deterministic for a given seed).</summary>
    public long? Iterations { get; init; }

    /// <summary>Stop after this long (for long runs; not deterministic).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Where each distinct finding's input is written (with a <c>.txt</c> describing it); nowhere when null.</summary>
    public string? FindingsDirectory { get; init; }

    /// <summary>Receives a progress line now and then.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// The mutation loop and its oracle. Input <c>i</c> of a run is made from <c>new Random(seed, i)</c> only, so any finding can be
/// replayed from its seed and iteration. Mutants that the product accepts join the pool (up to a limit), so mutations stack.
/// </summary>
public static class FuzzRunner
{
    private const int PoolLimit = 64;

    public static FuzzReport Run(FuzzTarget target, FuzzOptions options)
    {
        if (options.Iterations is null && options.Duration is null)
            throw new ArgumentException("Give a number of iterations or a duration.", nameof(options));
        var seeds = target.LoadSeeds();
        var pool = seeds.ToList();
        var donors = seeds.Select(s => s.Bytes).ToArray();
        var outcomes = new Dictionary<string, long>();
        var findings = new List<FuzzFinding>();
        var signatures = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        long i = 0;
        for (; i < (options.Iterations ?? long.MaxValue) && (options.Duration is not { } d || clock.Elapsed < d); i++)
        {
            var rng = new Random(IterationSeed(options.Seed, i));
            var (parentName, parent) = pool[rng.Next(pool.Count)];
            var input = target.Mutate(parent, rng, donors);
            var outcome = Check(target, input);
            var key = outcome.IsFinding ? outcome.Kind : outcome.Kind == "accepted" ? "accepted" : outcome.Detail;
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            if (outcome.IsFinding)
            {
                var file = signatures.Add(Signature(outcome)) ? Save(target, options.FindingsDirectory, input, outcome, parentName, options.Seed, i) : null;
                findings.Add(new FuzzFinding(i, parentName, outcome, file));
                options.Log?.Invoke($"finding at iteration {i} (from {parentName}): {outcome}");
                if (outcome.Kind == "hang") { i++; break; } // the hung thread cannot be stopped; stop here and report
            }
            else if (outcome.Kind == "accepted" && pool.Count < PoolLimit && !ReferenceEquals(input, parent))
                pool.Add(($"{parentName}+{i}", input));
            if (clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
            {
                lastLog = clock.Elapsed;
                options.Log?.Invoke($"{target.Name}: {i + 1:N0} inputs, {findings.Count} finding(s), {clock.Elapsed.TotalMinutes:F1} min");
            }
        }
        return new FuzzReport(target.Name, options.Seed, i, clock.Elapsed, outcomes, findings);
    }

    /// <summary>SplitMix64 of (seed, iteration): stable across processes, unlike <see cref="HashCode"/>.</summary>
    public static int IterationSeed(int seed, long iteration)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)iteration);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    /// <summary>Runs one input through the target on its own thread and judges what happened.</summary>
    public static FuzzOutcome Check(FuzzTarget target, byte[] input)
    {
        var resident = NativeMemory.StartPeak();
        var run = Task.Factory.StartNew(() => Measure(target, input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!run.Wait(target.Deadline))
            return new FuzzOutcome("hang", $"no result within {target.Deadline.TotalSeconds} s");
        var (error, allocated) = run.Result;
        var bound = target.AllocationBound(input.Length);
        var grown = NativeMemory.Peak() - resident;
        var nativeBound = target.ResidentGrowthBound(input.Length);
        return error switch
        {
            FuzzOracleException garbage => new FuzzOutcome("garbage", garbage.Message),
            not null when !target.IsDocumented(error) => new FuzzOutcome("crash", $"{error.GetType().FullName}: {error.Message}\n{error.StackTrace}"),
            _ when allocated > bound => new FuzzOutcome("allocation", $"{allocated:N0} bytes allocated for a {input.Length:N0}-byte input (bound {bound:N0})"),
            _ when grown > nativeBound => new FuzzOutcome("memory", $"peak resident memory grew by {grown:N0} bytes for a {input.Length:N0}-byte input (bound {nativeBound:N0})"),
            not null => new FuzzOutcome("refused", error.GetType().Name),
            _ => new FuzzOutcome("accepted", ""),
        };
    }

    private static (Exception? Error, long Allocated) Measure(FuzzTarget target, byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Execute(input);
            return (null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (Exception e)
        {
            return (e, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>Findings with the same kind, exception and first frames of stack are one bug; their inputs are saved once.</summary>
    private static string Signature(FuzzOutcome outcome)
    {
        var lines = outcome.Detail.Split('\n');
        var first = new string(lines[0].Where(c => !char.IsDigit(c)).ToArray());
        return outcome.Kind + "|" + (outcome.Kind == "crash" ? string.Join("|", lines.Skip(1).Take(3)) + first.Split(':')[0] : first);
    }

    private static string? Save(FuzzTarget target, string? directory, byte[] input, FuzzOutcome outcome, string parent, int seed, long iteration)
    {
        if (directory is null) return null;
        Directory.CreateDirectory(directory);
        var hash = Convert.ToHexStringLower(SHA256.HashData(input))[..12];
        var path = Path.Combine(directory, $"{target.Name}-{outcome.Kind}-{hash}{target.Extension}");
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"target {target.Name}, seed {seed}, iteration {iteration}, parent {parent}")
            .AppendLine(outcome.ToString()).ToString());
        return path;
    }
}
