using EmotionRecognition.Features;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Our 2-D CNN (see <see cref="ModelKind.Matrix"/>): the seed features as a <c>[2 + MFCCs, frames]</c> image,
/// normalised per utterance, masked while training, four 3×3 convolution blocks and global average pooling.
/// </summary>
/// <remarks>
/// Global pooling keeps the parameter count small (≈ 0.2 M) and makes the network indifferent to where in the
/// window the emotional cue falls, which the seed CNN's 9,600-wide dense layer has to learn position by position.
/// </remarks>
internal static class MatrixCnn
{
    /// <summary>Output channels of the four 3×3 convolution blocks; the first three halve both axes.</summary>
    public static readonly int[] Channels = [24, 48, 96, 128];

    public const int MaskedFrames = 20;

    public const int MaskedRows = 3;

    public const double Dropout = 0.3;

    private const double BatchNormMomentum = 0.1;

    public static Sequential Create(int mfccCount, int frameCount, FeatureLayout layout, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("matrix", new FeatureMatrix(mfccCount, frameCount, layout)),
            ("normalize", new UtteranceNormalization()),
            ("mask", new SpectrogramMasking(MaskedFrames, MaskedRows)),
        };
        var inChannels = AddConvBlocks(layers, Channels);
        layers.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", nn.Flatten()));
        layers.Add(("dropout", nn.Dropout(Dropout)));
        layers.Add(("logits", nn.Linear(inChannels, classCount)));
        var model = nn.Sequential(layers.ToArray());
        InitializeWeights(model);
        return model;
    }

    /// <summary>
    /// Appends 3×3 convolution blocks (convolution, batch norm, ReLU; a 2×2 max pool after every block but the last) to a
    /// one-channel image; returns the last block's channel count.
    /// </summary>
    internal static long AddConvBlocks(List<(string, nn.Module<Tensor, Tensor>)> layers, IReadOnlyList<int> channels)
    {
        long inChannels = 1;
        for (var i = 0; i < channels.Count; i++)
        {
            var n = i + 1;
            layers.Add(($"conv{n}", nn.Conv2d(inChannels, channels[i], 3, padding: 1, bias: false)));
            layers.Add(($"bn{n}", nn.BatchNorm2d(channels[i], momentum: BatchNormMomentum)));
            layers.Add(($"relu{n}", nn.ReLU()));
            if (i < channels.Count - 1)
                layers.Add(($"pool{n}", nn.MaxPool2d(2)));
            inChannels = channels[i];
        }
        return inChannels;
    }

    /// <summary>He initialisation for every 2-D convolution (they feed ReLUs).</summary>
    internal static void InitializeWeights(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var module in model.modules())
        {
            if (module is Conv2d conv)
                nn.init.kaiming_normal_(conv.weight!, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }
}
