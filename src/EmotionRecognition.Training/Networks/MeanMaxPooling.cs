using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Pools a <c>[batch, channels, bands, frames]</c> map to <c>[batch, 2 × channels]</c>: the mean over bands, then over time both
/// the mean (how the whole utterance sounds) and the maximum (its most telling moment), side by side.
/// </summary>
/// <remarks>Any frame count pools to the same width, which is what lets one graph read utterances of every length.</remarks>
internal sealed class MeanMaxPooling() : nn.Module<Tensor, Tensor>(nameof(MeanMaxPooling))
{
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var overBands = input.mean([2]);
        return cat([overBands.mean([2]), overBands.amax([2])], 1).MoveToOuterDisposeScope();
    }
}
