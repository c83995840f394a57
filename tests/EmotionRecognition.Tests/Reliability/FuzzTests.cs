using EmotionRecognition.Fuzz;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>
/// The fuzz harness (tests/EmotionRecognition.Fuzz) in CI: a fixed seed and iteration count per target, so the run is the same every
/// time, and every saved finding replayed. Longer runs are documented in docs/reliability.md.
/// </summary>
public class FuzzTests
{
    [Theory]
    [InlineData("wav", 8000, 20)]
    [InlineData("flac", 6000, 20)]
    [InlineData("model", 150, 20)]
    [InlineData("graph", 60, 40)] // hostile graphs are meant to be refused: only harmless operator swaps get through
    [InlineData("ffmpeg", 20, 20)]
    public void BoundedRunFindsNothing(string target, int iterations, int acceptedAtLeastOneIn)
    {
        var report = FuzzRunner.Run(FuzzTarget.Create(target), new FuzzOptions { Seed = 1, Iterations = iterations });

        Assert.True(report.Findings.Count == 0, string.Join("\n\n", report.Findings.Take(3).Select(f => $"iteration {f.Iteration} from {f.Parent}: {f.Outcome}")));
        Assert.Equal(iterations, report.Iterations);
        // Mutants must both reach deep (accepted) and be refused, or the run proves little.
        Assert.True(report.Outcomes.GetValueOrDefault("accepted") > iterations / acceptedAtLeastOneIn, report.ToString());
        Assert.True(report.Outcomes.Where(o => o.Key != "accepted").Sum(o => o.Value) > iterations / 4, report.ToString());
    }

    public static TheoryData<string> Regressions() => new(RegressionFiles.All().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Regressions))]
    public void SavedFindingGivesItsDocumentedOutcome(string name)
    {
        var path = Path.Combine(RegressionFiles.Directory, name);
        var outcome = FuzzRunner.Check(RegressionFiles.TargetOf(path), File.ReadAllBytes(path));

        Assert.False(outcome.IsFinding, outcome.ToString());
        Assert.Equal(RegressionFiles.ExpectedOutcome(path), outcome.Kind == "accepted" ? "accepted" : outcome.Detail);
    }

    [Fact]
    public void OracleReportsCrashesGarbageAndAllocation()
    {
        // The harness itself must be able to fail: a target that misbehaves in each way is caught.
        Assert.Equal("crash", FuzzRunner.Check(new Misbehaving(() => throw new IndexOutOfRangeException()), [1]).Kind);
        Assert.Equal("garbage", FuzzRunner.Check(new Misbehaving(() => throw new FuzzOracleException("NaN")), [1]).Kind);
        Assert.Equal("allocation", FuzzRunner.Check(new Misbehaving(() => GC.KeepAlive(new byte[80 << 20])), [1]).Kind);
        // Native memory the garbage collector never sees, touched so that it is resident: the peak-RSS oracle sees it.
        Assert.True(!OperatingSystem.IsLinux() || NativeMemory.IsMeasured, "peak resident memory is not measured on this Linux");
        if (NativeMemory.IsMeasured)
            Assert.Equal("memory", FuzzRunner.Check(new Misbehaving(TouchNativeMemory), [1]).Kind);
        Assert.Equal("refused", FuzzRunner.Check(new Misbehaving(() => throw new Audio.AudioFormatException("x", "bad")), [1]).Kind);
        Assert.Equal("accepted", FuzzRunner.Check(new Misbehaving(() => { }), [1]).Kind);
    }

    private static unsafe void TouchNativeMemory()
    {
        const int Bytes = 640 << 20;
        var block = System.Runtime.InteropServices.NativeMemory.Alloc(Bytes);
        try
        {
            new Span<byte>(block, Bytes).Fill(1);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(block);
        }
    }

    private sealed class Misbehaving(Action execute) : FuzzTarget
    {
        public override string Name => "test";
        public override string Extension => ".bin";
        public override IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds() => [("one", [1])];
        public override byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors) => parent;
        public override void Execute(byte[] input) => execute();
        public override bool IsDocumented(Exception e) => e is Audio.AudioFormatException;
    }
}
