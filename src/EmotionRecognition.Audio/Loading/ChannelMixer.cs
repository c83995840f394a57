using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EmotionRecognition.Audio;

/// <summary>
/// Averages interleaved channels to mono exactly as <c>numpy.mean(y, axis=0)</c> does on the float32
/// (channels × frames) array that librosa builds, so results match librosa bit for bit.
/// </summary>
/// <remarks>
/// numpy adds each frame's pairwise sum (below 8 channels a plain left-to-right sum) to a +0 accumulator, in
/// float32, then divides by the channel count in float32. The +0 start only shows for all-negative-zero frames.
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
                StereoToMono(interleaved[..(2 * frames)], mono[..frames]);
                break;
            default:
                for (var i = 0; i < frames; i++)
                    mono[i] = (0f + PairwiseSum(interleaved.Slice(i * channels, channels))) / channels;
                break;
        }
    }

    /// <summary>(0 + L + R) / 2 per frame, four frames per step where the CPU adds adjacent pairs natively.</summary>
    /// <remarks>
    /// The leading +0 is numpy's accumulator start; it only matters for -0 + -0, which it turns into +0.
    /// Adding +0 to both inputs before the pairwise add gives the same bits, because x + (-0) = x for any x != -0.
    /// </remarks>
    private static void StereoToMono(ReadOnlySpan<float> interleaved, Span<float> mono)
    {
        var i = 0;
        if (Sse3.IsSupported || AdvSimd.Arm64.IsSupported)
        {
            var half = Vector128.Create(0.5f);
            for (; i + 4 <= mono.Length; i += 4)
            {
                var a = Vector128.Create(interleaved.Slice(2 * i, 4)) + Vector128<float>.Zero;
                var b = Vector128.Create(interleaved.Slice(2 * i + 4, 4)) + Vector128<float>.Zero;
                var sums = Sse3.IsSupported ? Sse3.HorizontalAdd(a, b) : AdvSimd.Arm64.AddPairwise(a, b);
                (sums * half).CopyTo(mono.Slice(i, 4));
            }
        }
        for (; i < mono.Length; i++)
            mono[i] = (0f + interleaved[2 * i] + interleaved[2 * i + 1]) / 2f;
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
