using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Per-utterance normalisation of a <c>[batch, 1, bands, frames]</c> log-mel image: each band loses its mean over the utterance,
/// then the whole image is divided by one standard deviation taken over all its bands and frames.
/// </summary>
/// <remarks>
/// The band means carry the microphone, the room and the speaker's vocal tract (cepstral mean normalisation removes the same
/// thing); one shared scale keeps the relative loudness of the bands, so a band that holds nothing (above a telephone channel's
/// 3.4 kHz, say) stays near zero instead of being blown up into noise as per-band variance normalisation does.
/// </remarks>
internal sealed class BandNormalization(double epsilon = BandNormalization.DefaultEpsilon) : nn.Module<Tensor, Tensor>(nameof(BandNormalization))
{
    public const double DefaultEpsilon = 1e-5;

    /// <summary>Added to the variance so that a constant image (silence) stays finite.</summary>
    public double Epsilon { get; } = epsilon;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var centred = input - input.mean([-1], keepdim: true);
        var variance = (centred * centred).mean([-2, -1], keepdim: true);
        // A 0-d tensor, not an implicit Scalar: libtorch could read a Scalar the finalizer thread had already freed (TorchSharp
        // keeps no reference to it during the native call), which crashed a cross-validation run after thousands of steps.
        return (centred / (variance + tensor((float)Epsilon)).sqrt()).MoveToOuterDisposeScope();
    }
}
