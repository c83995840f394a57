namespace EmotionRecognition.Training.Networks;

/// <summary>The model architectures that <see cref="ModelFactory"/> builds.</summary>
public enum ModelKind
{
    /// <summary>
    /// The original project's Keras 1-D CNN, layer for layer: five convolution blocks of 512, 512, 256, 256 and 128
    /// channels, a 512-unit dense layer and the class layer (7,193,223 parameters for 2,376 inputs and 7 classes).
    /// </summary>
    Seed,

    /// <summary>
    /// The seed layout narrowed to 64 channels and a 128-unit dense layer: about 1/50 of the seed's arithmetic,
    /// for accuracy per millisecond.
    /// </summary>
    Compact,

    /// <summary>
    /// Our 2-D CNN: the same ZCR, RMS and MFCC values seen as a 22 × 108 image (rows × frames), normalised per utterance
    /// and per row, masked SpecAugment-style while training, four 3×3 convolution blocks and global average pooling
    /// (about 0.16 M parameters, 30 MFLOP per clip). It needs the row and frame counts, so build it from a
    /// <see cref="Features.FeatureSpec"/> (the length-only overloads assume the seed spec's 20 MFCCs).
    /// </summary>
    Matrix,

    /// <summary>
    /// Our utterance CNN for the variable-length <see cref="Features.FeatureSpec.Utterance"/> features: log-mel frames of the whole
    /// trimmed utterance, normalised per band and utterance, four 3×3 convolution blocks (16-128 channels), mean and max pooling
    /// over time (about 0.1 M parameters). It trains with <see cref="Training.UtteranceSession"/> (random crops, SpecAugment, mixup);
    /// see docs/training.md.
    /// </summary>
    Utterance,
}
