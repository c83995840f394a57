using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Normalises every row of a <c>[batch, 1, rows, frames]</c> feature image to zero mean and unit variance over its own frames.
/// </summary>
/// <remarks>
/// Global standard scaling leaves each speaker's channel and vocal-tract offsets in the MFCC rows; removing the
/// per-utterance mean and scale (cepstral mean and variance normalisation) is what lets the network generalise to unseen voices.
/// </remarks>
internal sealed class UtteranceNormalization(double epsilon = UtteranceNormalization.DefaultEpsilon)
    : nn.Module<Tensor, Tensor>(nameof(UtteranceNormalization))
{
    public const double DefaultEpsilon = 1e-5;

    /// <summary>Added to the variance before the square root so constant rows (silence) stay finite.</summary>
    public double Epsilon { get; } = epsilon;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var mean = input.mean([-1], keepdim: true);
        var centred = input - mean;
        var variance = (centred * centred).mean([-1], keepdim: true);
        // A 0-d tensor, not an implicit Scalar (see BandNormalization).
        return (centred / (variance + tensor((float)Epsilon)).sqrt()).MoveToOuterDisposeScope();
    }
}
