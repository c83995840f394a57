using EmotionRecognition.Training.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Models;

public sealed class ModelFactoryTests
{
    // The layer types the ONNX exporter understands; anything else would need custom export code.
    private static readonly Type[] StandardLayers =
    [
        typeof(Unflatten), typeof(Conv1d), typeof(ReLU), typeof(BatchNorm1d), typeof(ConstantPad1d),
        typeof(MaxPool1d), typeof(Dropout), typeof(Flatten), typeof(Linear),
    ];

    [Theory]
    [InlineData(ModelKind.Seed)]
    [InlineData(ModelKind.Compact)]
    [InlineData(ModelKind.Matrix)]
    public void Maps_flat_rows_to_one_logit_per_class(ModelKind kind)
    {
        using var model = ModelFactory.Create(kind, seed: 3);
        model.eval();
        using var _ = no_grad();
        using var input = randn(3, ModelFactory.SeedFeatureLength);
        using var output = model.call(input);

        Assert.Equal([3L, 7L], output.shape);
        Assert.True(output.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData(ModelKind.Seed)]
    [InlineData(ModelKind.Compact)]
    public void Follows_the_requested_input_length_and_class_count(ModelKind kind)
    {
        using var model = ModelFactory.Create(kind, inputLength: 1000, classCount: 4);
        model.eval();
        using var _ = no_grad();
        using var output = model.call(randn(2, 1000));

        Assert.Equal([2L, 4L], output.shape);
    }

    [Fact]
    public void Builds_the_one_dimensional_models_from_standard_layers_in_one_sequential()
    {
        foreach (var name in new[] { "seed", "compact" })
        {
            using var model = ModelFactory.Create(name);
            var layerTypes = model.children().Select(c => c.GetType()).ToArray();

            Assert.All(layerTypes, t => Assert.Contains(t, StandardLayers));
            Assert.IsType<Unflatten>(model.children().First());
            Assert.IsType<Linear>(model.children().Last());
        }
    }

    [Fact]
    public void The_utterance_model_is_not_a_flat_row_model_and_says_where_it_is_trained()
    {
        var byName = Assert.Throws<ArgumentException>(() => ModelFactory.Create("utterance"));
        Assert.Contains("UtteranceSession", byName.Message);
        var bySpec = Assert.Throws<ArgumentException>(() => ModelFactory.Create(ModelKind.Matrix, EmotionRecognition.Features.FeatureSpec.Utterance));
        Assert.Contains("variable-length", bySpec.Message);
    }

    [Fact]
    public void Creates_by_name_case_insensitively_and_rejects_unknown_names()
    {
        using var compact = ModelFactory.Create("COMPACT");
        using var seed = ModelFactory.Create("seed");

        Assert.True(ParameterCount(compact) * 10 < ParameterCount(seed));
        Assert.Throws<ArgumentException>(() => ModelFactory.Create("resnet"));
    }

    [Fact]
    public void Compact_model_has_the_parameter_count_of_the_same_network_built_in_PyTorch()
    {
        // 682,503 is what PyTorch 1.13 reports for the same layer list (nn.Sequential, sum of p.numel()).
        using var model = ModelFactory.Create(ModelKind.Compact);

        Assert.Equal(682_503, ParameterCount(model));
    }

    [Fact]
    public void Same_seed_gives_same_initial_weights()
    {
        using var a = ModelFactory.Create(ModelKind.Compact, seed: 11);
        using var b = ModelFactory.Create(ModelKind.Compact, seed: 11);
        using var c = ModelFactory.Create(ModelKind.Compact, seed: 12);

        var pairs = a.parameters().Zip(b.parameters(), c.parameters()).ToArray();
        Assert.All(pairs, p => Assert.True(Same(p.First, p.Second)));
        Assert.Contains(pairs, p => !Same(p.First, p.Third));
    }

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    internal static long ParameterCount(Sequential model) => model.parameters().Sum(p => p.numel());
}
