namespace EmotionRecognition.Simd;

/// <summary>The register width a vectorised kernel runs at; <see cref="Scalar"/> runs its plain loop.</summary>
internal enum VectorWidth
{
    /// <summary>No vectors: the reference loop every other width is tested against.</summary>
    Scalar = 0,

    /// <summary><c>Vector128</c>: SSE on x64, NEON on ARM64.</summary>
    Bits128 = 128,

    /// <summary><c>Vector256</c>: AVX2.</summary>
    Bits256 = 256,

    /// <summary><c>Vector512</c>: AVX-512.</summary>
    Bits512 = 512,
}
