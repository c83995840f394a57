namespace EmotionRecognition.Models;

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
}
