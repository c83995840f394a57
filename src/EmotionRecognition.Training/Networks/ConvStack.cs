using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Builds the seed family of networks from <see cref="ConvBlock"/>s as a <see cref="Sequential"/> of standard
/// TorchSharp layers only, so the ONNX exporter can walk it without knowing any custom forward code.
/// </summary>
internal static class ConvStack
{
    /// <summary>Keras' BatchNormalization epsilon.</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Keras' momentum 0.99 keeps 99 % of the running statistic; torch names the 1 % that moves.</summary>
    public const double BatchNormMomentum = 0.01;

    private const int PoolStride = 2;

    /// <summary>Creates the network for flat rows of <paramref name="inputLength"/> features.</summary>
    /// <remarks>
    /// Flatten sees [channels, length] (torch) where Keras saw [length, channels]: the dense layer's rows are in a
    /// different order, which matters only when importing Keras weights, never for training here.
    /// </remarks>
    public static Sequential Build(int inputLength, int classCount, IReadOnlyList<ConvBlock> blocks, int hiddenUnits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("unflatten", nn.Unflatten(1, [1, inputLength])),
        };
        long channels = 1, length = inputLength;
        for (var i = 0; i < blocks.Count; i++)
        {
            length = AddBlock(layers, i + 1, channels, length, blocks[i]);
            channels = blocks[i].Channels;
        }
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dense", nn.Linear(channels * length, hiddenUnits)));
        layers.Add(("dense_relu", nn.ReLU()));
        layers.Add(("dense_bn", BatchNorm(hiddenUnits)));
        layers.Add(("logits", nn.Linear(hiddenUnits, classCount)));
        var model = nn.Sequential(layers.ToArray());
        InitializeLikeKeras(model);
        return model;
    }

    /// <summary>The length TensorFlow's "same" pooling with stride 2 produces: ceil(length / 2).</summary>
    public static long PooledLength(long length) => (length + PoolStride - 1) / PoolStride;

    /// <summary>
    /// TensorFlow's "same" padding for a pooling window: the total that makes every output window fit, with the odd
    /// cell on the right.
    /// </summary>
    public static (long Left, long Right) SamePoolPadding(long length, int kernel)
    {
        var total = Math.Max((PooledLength(length) - 1) * PoolStride + kernel - length, 0);
        return (total / 2, total - total / 2);
    }

    private static long AddBlock(List<(string, nn.Module<Tensor, Tensor>)> layers, int index, long inChannels, long length, ConvBlock block)
    {
        if (block.Kernel % 2 == 0)
            throw new ArgumentException("Kernels must be odd so that 'same' convolution padding is symmetric.", nameof(block));
        layers.Add(($"conv{index}", nn.Conv1d(inChannels, block.Channels, block.Kernel, padding: block.Kernel / 2)));
        layers.Add(($"relu{index}", nn.ReLU()));
        layers.Add(($"bn{index}", BatchNorm(block.Channels)));
        var (left, right) = SamePoolPadding(length, block.Pool);
        if (left + right > 0)
            layers.Add(($"pad{index}", nn.ConstantPad1d((left, right), double.NegativeInfinity)));
        layers.Add(($"pool{index}", nn.MaxPool1d(block.Pool, PoolStride)));
        if (block.Dropout > 0)
            layers.Add(($"dropout{index}", nn.Dropout(block.Dropout)));
        return PooledLength(length);
    }

    private static BatchNorm1d BatchNorm(long features) =>
        nn.BatchNorm1d(features, eps: BatchNormEpsilon, momentum: BatchNormMomentum);

    /// <summary>Keras' defaults (Glorot-uniform kernels, zero biases) rather than torch's Kaiming-uniform ones.</summary>
    private static void InitializeLikeKeras(Sequential model)
    {
        using var _ = no_grad();
        foreach (var module in model.modules())
        {
            var (weight, bias) = module switch
            {
                Conv1d conv => (conv.weight, conv.bias),
                Linear linear => (linear.weight, linear.bias),
                _ => (null, null),
            };
            if (weight is not null)
                nn.init.xavier_uniform_(weight);
            if (bias is not null)
                nn.init.zeros_(bias);
        }
    }
}
