using TorchSharp.Modules;

namespace EmotionRecognition.Training.Networks;

/// <summary>The original project's Keras 1-D CNN (see <see cref="ModelKind.Seed"/>).</summary>
/// <remarks>
/// Pool padding for 2,376 inputs is (1,2), (1,2), (1,2), (2,2), (1,1) and the lengths run
/// 2376 → 1188 → 594 → 297 → 149 → 75, so Flatten yields 128 × 75 = 9,600 values.
/// </remarks>
internal static class SeedCnn
{
    /// <summary>The five convolution blocks, in order.</summary>
    public static readonly ConvBlock[] Blocks =
    [
        new(512, 5, 5),
        new(512, 5, 5, 0.2),
        new(256, 5, 5),
        new(256, 3, 5, 0.2),
        new(128, 3, 3, 0.2),
    ];

    /// <summary>Units of the dense layer before the class layer.</summary>
    public const int HiddenUnits = 512;

    /// <summary>Creates the network with fresh weights.</summary>
    public static Sequential Create(int inputLength, int classCount) =>
        ConvStack.Build(inputLength, classCount, Blocks, HiddenUnits);
}
