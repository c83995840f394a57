using EmotionRecognition.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Models;

/// <summary>Checks the port against the Keras summary recorded in the fixtures README ("Seed CNN facts").</summary>
public sealed class SeedCnnTests
{
    [Fact]
    public void Has_the_Keras_parameter_counts()
    {
        using var model = ModelFactory.Create(ModelKind.Seed);
        var trainable = model.parameters().Sum(p => p.numel());
        // Keras counts BatchNorm's moving mean and variance as non-trainable parameters; torch keeps them as buffers.
        var nonTrainable = model.named_buffers()
            .Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal))
            .Sum(b => b.buffer.numel());

        Assert.Equal(7_188_871, trainable);
        Assert.Equal(4_352, nonTrainable);
        Assert.Equal(7_193_223, trainable + nonTrainable);
    }

    [Fact]
    public void Pools_to_the_Keras_lengths_and_flattens_to_9600()
    {
        using var model = ModelFactory.Create(ModelKind.Seed);
        model.eval();
        using var _ = no_grad();
        var pooledLengths = new List<long>();
        long flattened = 0;
        var x = randn(2, 2376);
        foreach (var layer in model.children().Cast<nn.Module<Tensor, Tensor>>())
        {
            x = layer.call(x);
            if (layer is MaxPool1d)
                pooledLengths.Add(x.shape[2]);
            if (layer is Flatten)
                flattened = x.shape[1];
        }

        Assert.Equal([1188L, 594, 297, 149, 75], pooledLengths);
        Assert.Equal(9600, flattened);
        Assert.Equal([2L, 7], x.shape);
    }

    [Fact]
    public void Pads_pools_like_TensorFlow_same_padding()
    {
        var lengths = new long[] { 2376, 1188, 594, 297, 149 };
        var paddings = lengths.Zip(SeedCnn.Blocks, (length, block) => ConvStack.SamePoolPadding(length, block.Pool)).ToArray();

        Assert.Equal([(1L, 2L), (1, 2), (1, 2), (2, 2), (1, 1)], paddings);
    }

    [Fact]
    public void Padded_max_pooling_never_sees_the_padding()
    {
        // All-negative input: zero padding would leak 0 into the edge windows, -inf padding must not.
        using var model = ModelFactory.Create(ModelKind.Seed);
        var pad = model.children().OfType<ConstantPad1d>().First();
        var pool = model.children().OfType<MaxPool1d>().First();
        var values = Enumerable.Range(0, 2376).Select(i => -1f - (i % 7)).ToArray();
        using var pooled = pool.call(pad.call(tensor(values).reshape(1, 1, -1)));
        var output = pooled.data<float>().ToArray();

        var (left, _) = ConvStack.SamePoolPadding(2376, 5);
        var expected = Enumerable.Range(0, 1188)
            .Select(i => values.Skip((int)Math.Max(0, 2 * i - left)).Take((int)Math.Min(5, 2 * i - left + 5)).Max())
            .ToArray();
        Assert.Equal(expected, output);
    }
}
