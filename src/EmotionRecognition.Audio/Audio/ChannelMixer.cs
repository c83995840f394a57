namespace EmotionRecognition.Audio;

/// <summary>
/// Averages interleaved channels to mono exactly as <c>numpy.mean(y, axis=0)</c> does on the float32
/// (channels × frames) array that librosa builds, so results match librosa bit for bit.
/// </summary>
/// <remarks>
/// numpy sums each frame's channels with its pairwise algorithm, starting from +0 (below 8 channels this is a
/// plain left-to-right sum), in float32, then divides by the channel count in float32.
/// </remarks>
internal static class ChannelMixer
{
    private const int PairwiseBlock = 128;

    /// <summary>Writes one mono sample per frame of <paramref name="interleaved"/> into <paramref name="mono"/>.</summary>
    public static void ToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        var frames = interleaved.Length / channels;
        switch (channels)
        {
            case 1:
                interleaved[..frames].CopyTo(mono);
                break;
            case 2:
                for (var i = 0; i < frames; i++)
                    mono[i] = (0f + interleaved[2 * i] + interleaved[2 * i + 1]) / 2f;
                break;
            default:
                for (var i = 0; i < frames; i++)
                    mono[i] = PairwiseSum(interleaved.Slice(i * channels, channels)) / channels;
                break;
        }
    }

    /// <summary>numpy's <c>pairwise_sum</c> for float32.</summary>
    internal static float PairwiseSum(ReadOnlySpan<float> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var sum = 0f;
            foreach (var x in a) sum += x;
            return sum;
        }
        if (n <= PairwiseBlock)
        {
            Span<float> r = stackalloc float[8];
            a[..8].CopyTo(r);
            var i = 8;
            for (; i < n - n % 8; i += 8)
                for (var j = 0; j < 8; j++)
                    r[j] += a[i + j];
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[i];
            return res;
        }
        var half = n / 2;
        half -= half % 8;
        return PairwiseSum(a[..half]) + PairwiseSum(a[half..]);
    }
}
