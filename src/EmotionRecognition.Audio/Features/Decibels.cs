using System.Numerics.Tensors;

namespace EmotionRecognition.Features;

/// <summary><c>librosa.power_to_db</c> with <c>ref = 1</c>.</summary>
internal static class Decibels
{
    public const float Amin = 1e-10f;

    /// <summary>Converts power to dB in place, then floors everything at <c>max - topDb</c>.</summary>
    /// <remarks>The floor uses the maximum over the whole span, so pass every frame of a clip at once, as librosa does.</remarks>
    public static void FromPowerInPlace(Span<float> values, float topDb)
    {
        if (values.IsEmpty) return;
        TensorPrimitives.Max(values, Amin, values);
        TensorPrimitives.Log10(values, values);
        TensorPrimitives.Multiply(values, 10f, values);
        var floor = TensorPrimitives.Max(values) - topDb;
        TensorPrimitives.Max(values, floor, values);
    }
}
