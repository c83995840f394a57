using EmotionRecognition.Fuzz;

namespace EmotionRecognition.Tests.Reliability;

/// <summary>
/// Graphs that would run for ever or allocate gigabytes are refused before ONNX Runtime runs them, by the operator allow-list;
/// the load-time probe of whatever passes runs under a time limit.
/// </summary>
[Collection(TestModelCollection.Name)]
public class GraphBudgetTests(TestModel model)
{
    // The If bomb's allocation sits in its branch, which the screen reads before judging the If node itself.
    public static TheoryData<string, string> Bombs() => new()
    {
        { "Loop", "Loop" }, { "If", "ConstantOfShape" }, { "ConstantOfShape", "ConstantOfShape" },
        { "Expand", "Expand" }, { "Tile", "Tile" }, { "Range", "Range" },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task GraphsWithOperatorsOurExportersNeverEmitAreRefusedAtLoad(string kind, string refusedOperator)
    {
        var model = model.Model.WithOnnxModel(HostileGraphs.Bomb(model.Model, kind), new Dictionary<string, string>());
        // Run aside with a generous bound: without the screen the Loop never returns and the others allocate gigabytes.
        var load = Task.Run(() => EmotionClassifier.Load(model));
        var e = await Assert.ThrowsAsync<EmotionModelLoadException>(() => load.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains($"uses the operator '{refusedOperator}', which no model of this library contains", e.Message);
    }

    [Fact]
    public void OperatorsOutsideTheDefaultDomainAreRefusedByDomain()
    {
        byte[] custom = [.. model.Model.OnnxModel, .. OnnxWire.Field(7, OnnxWire.Field(1,
            [.. OnnxWire.Node("Relu", ["x"], ["y"]), .. OnnxWire.Text(7, "com.example")]))];
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionClassifier.Load(model.Model.WithOnnxModel(custom, new Dictionary<string, string>())));
        Assert.Contains("uses the operator 'com.example.Relu'", e.Message);
    }

    [Fact]
    public void TheShippedAndTestModelsPassTheScreen()
    {
        using var shipped = EmotionClassifier.LoadDefault();
        Assert.Null(Inference.OnnxGraphScreen.Problem(shipped.Model.OnnxModel));
        Assert.Null(Inference.OnnxGraphScreen.Problem(model.Model.OnnxModel));
    }

    [Fact]
    public void TheLoadTimeProbeIsStoppedAtItsTimeLimit()
    {
        // A zero limit stops the first test signal inside ONNX Runtime (its terminate flag), as a graph that never ends would be stopped.
        var e = Assert.Throws<EmotionModelLoadException>(() =>
            EmotionClassifier.Load(model.Model, new EmotionClassifierOptions { LoadCheckTimeout = TimeSpan.Zero }));
        Assert.Contains("did not classify the test signals within 0 s", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            EmotionClassifier.Load(model.Model, new EmotionClassifierOptions { LoadCheckTimeout = TimeSpan.FromSeconds(-1) }));
        using var unlimited = EmotionClassifier.Load(model.Model, new EmotionClassifierOptions { LoadCheckTimeout = Timeout.InfiniteTimeSpan });
    }
}
