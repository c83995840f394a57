namespace EmotionRecognition.Audio;

/// <summary>
/// Restores samples from residuals in place: <c>samples[..order]</c> hold the warm-up samples,
/// the rest hold residuals on entry and samples on return (RFC 9639 §9.2.5, §9.2.6).
/// </summary>
/// <remarks>
/// Sums are 64-bit: a 32-bit stream's side channel has 33-bit samples, and 15-bit coefficients times
/// 33-bit samples over 32 taps need 53 bits.
/// </remarks>
internal static class FlacPrediction
{
    public static void RestoreFixed(Span<long> s, int order)
    {
        switch (order)
        {
            case 1:
                for (var i = 1; i < s.Length; i++) s[i] += s[i - 1];
                break;
            case 2:
                for (var i = 2; i < s.Length; i++) s[i] += 2 * s[i - 1] - s[i - 2];
                break;
            case 3:
                for (var i = 3; i < s.Length; i++) s[i] += 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
                break;
            case 4:
                for (var i = 4; i < s.Length; i++) s[i] += 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
                break;
        }
    }

    public static void RestoreLpc(Span<long> s, ReadOnlySpan<long> coefficients, int shift)
    {
        switch (coefficients.Length)
        {
            case 8:
                RestoreOrder8(s, coefficients, shift);
                break;
            case 12:
                RestoreOrder12(s, coefficients, shift);
                break;
            default:
                RestoreAnyOrder(s, coefficients, shift);
                break;
        }
    }

    private static void RestoreAnyOrder(Span<long> s, ReadOnlySpan<long> c, int shift)
    {
        var order = c.Length;
        for (var i = order; i < s.Length; i++)
        {
            long sum = 0; // oldest first: the newest sample's term joins last (shorter dependency chain)
            var history = s.Slice(i - order, order);
            for (var j = order - 1; j >= 0; j--) sum += c[j] * history[order - 1 - j];
            s[i] += sum >> shift;
        }
    }

    // The two orders that flac's presets use (-5..-7: 8, -8: 12), unrolled. The newest sample's term is added
    // last so only one multiply-add waits for the previous iteration's result.
    private static void RestoreOrder8(Span<long> s, ReadOnlySpan<long> c, int shift)
    {
        long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7];
        long h1 = s[7], h2 = s[6], h3 = s[5], h4 = s[4], h5 = s[3], h6 = s[2], h7 = s[1], h8 = s[0];
        for (var i = 8; i < s.Length; i++)
        {
            var sum = c7 * h8 + c6 * h7 + c5 * h6 + c4 * h5 + c3 * h4 + c2 * h3 + c1 * h2 + c0 * h1;
            var x = s[i] + (sum >> shift);
            s[i] = x;
            (h8, h7, h6, h5, h4, h3, h2, h1) = (h7, h6, h5, h4, h3, h2, h1, x);
        }
    }

    private static void RestoreOrder12(Span<long> s, ReadOnlySpan<long> c, int shift)
    {
        long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5];
        long c6 = c[6], c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
        for (var i = 12; i < s.Length; i++)
        {
            var h = s.Slice(i - 12, 12);
            var sum = c11 * h[0] + c10 * h[1] + c9 * h[2] + c8 * h[3] + c7 * h[4] + c6 * h[5]
                + c5 * h[6] + c4 * h[7] + c3 * h[8] + c2 * h[9] + c1 * h[10] + c0 * h[11];
            s[i] += sum >> shift;
        }
    }
}
