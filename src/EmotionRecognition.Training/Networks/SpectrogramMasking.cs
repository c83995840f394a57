using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// SpecAugment-style masking during training: each example loses one random run of frames and one random run of rows
/// (set to zero, the mean after <see cref="UtteranceNormalization"/>). An identity at inference.
/// </summary>
/// <remarks>Masks force the network to use the whole utterance rather than a few salient frames or coefficients.</remarks>
internal sealed class SpectrogramMasking(int maxFrames, int maxRows) : nn.Module<Tensor, Tensor>(nameof(SpectrogramMasking))
{
    /// <summary>Widest run of masked frames.</summary>
    public int MaxFrames { get; } = maxFrames;

    /// <summary>Widest run of masked rows.</summary>
    public int MaxRows { get; } = maxRows;

    public override Tensor forward(Tensor input)
    {
        if (!training || (MaxFrames <= 0 && MaxRows <= 0))
            return input.alias();
        using var scope = NewDisposeScope();
        var batch = input.shape[0];
        var mask = RunMask(batch, input.shape[^1], MaxFrames).view(batch, 1, 1, -1)
            .logical_or(RunMask(batch, input.shape[^2], MaxRows).view(batch, 1, -1, 1));
        // where() with a 0-d tensor rather than masked_fill(mask, 0): no implicit Scalar (see BandNormalization).
        return where(mask, tensor(0f), input).MoveToOuterDisposeScope();
    }

    // One [batch, length] boolean mask with a run of 0..maxWidth true cells per row at a random start.
    private static Tensor RunMask(long batch, long length, int maxWidth)
    {
        var width = randint(0, Math.Min(maxWidth, length) + 1, [batch, 1]);
        var start = (rand([batch, 1]) * (tensor(length + 1) - width)).floor().to_type(ScalarType.Int64);
        var positions = arange(length).view(1, -1);
        return positions.ge(start).logical_and(positions.lt(start + width));
    }
}
