namespace EmotionRecognition.Training.Networks;

/// <summary>One Keras-style block: Conv1d (same padding) → ReLU → BatchNorm1d → max pooling (stride 2, same padding) → optional dropout.</summary>
/// <param name="Channels">Output channels of the convolution.</param>
/// <param name="Kernel">Convolution kernel size (odd, so "same" padding is symmetric).</param>
/// <param name="Pool">Max-pooling window; the stride is always 2.</param>
/// <param name="Dropout">Dropout rate after pooling; 0 for none.</param>
internal readonly record struct ConvBlock(int Channels, int Kernel, int Pool, double Dropout = 0);
