using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Turns utterance features <c>[batch, frames, bands]</c> (the <see cref="Features.FeatureLayout.LogMelByFrame"/> layout) into a
/// one-channel image <c>[batch, 1, bands, frames]</c>, frequency up and time across, whatever the frame count.
/// </summary>
internal sealed class SpectrogramImage(int bands) : nn.Module<Tensor, Tensor>(nameof(SpectrogramImage))
{
    /// <summary>Values per frame.</summary>
    public int Bands { get; } = bands;

    public override Tensor forward(Tensor input)
    {
        if (input.shape.Length != 3 || input.shape[2] != Bands)
            throw new ArgumentException($"Expected [batch, frames, {Bands}] utterance features but got [{string.Join(", ", input.shape)}].", nameof(input));
        return input.transpose(1, 2).unsqueeze(1);
    }
}
