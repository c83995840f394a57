namespace EmotionRecognition.Features;

/// <summary>The first rows of the orthonormal DCT-II (<c>scipy.fft.dct(type=2, norm='ortho')</c>).</summary>
internal static class DctMatrix
{
    /// <summary>A <paramref name="rows"/> x <paramref name="size"/> row-major matrix.</summary>
    public static float[] Orthonormal(int rows, int size)
    {
        var matrix = new float[rows * size];
        for (var k = 0; k < rows; k++)
        {
            var scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / size);
            for (var n = 0; n < size; n++)
                matrix[k * size + n] = (float)(scale * Math.Cos(Math.PI * k * (2 * n + 1) / (2.0 * size)));
        }
        return matrix;
    }
}
