using EmotionRecognition.Audio;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>
/// Streams made by Debian's <c>flac</c> 1.4 (and by <see cref="FlacTestEncoder"/> for what it never writes), decoded
/// by us and by libFLAC; both must equal each other and the encoder's input (FLAC is lossless).
/// </summary>
public sealed class FlacGeneratedStreamTests : IDisposable
{
    private const int Rate = 22050;
    private readonly string _dir = SharedData.NewTempDirectory("flac-generated");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void EveryCompressionLevelDecodesExactly(int level)
    {
        var stats = EncodeAndCompare($"level{level}", FlacTestSignals.Mixed(16, 9000, 1), 16, $"-{level}");
        Assert.True(stats.ConstantSubframes > 0, "silence should give constant subframes");
        Assert.True(stats.VerbatimSubframes > 0, "white noise should give verbatim subframes");
        // Levels 0-2 use fixed predictors only; from 3 on flac searches LPC.
        if (level <= 2) Assert.Equal(0, stats.LpcSubframes);
        else Assert.True(stats.LpcSubframes > 0);
        Assert.True(stats.FixedSubframes + stats.LpcSubframes > 0);
    }

    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(4, 1)]
    [InlineData(8, 1)]
    [InlineData(8, 2)]
    [InlineData(12, 1)]
    [InlineData(12, 2)]
    [InlineData(16, 2)]
    [InlineData(20, 1)]
    [InlineData(20, 2)]
    [InlineData(24, 1)]
    [InlineData(24, 2)]
    [InlineData(32, 1)]
    [InlineData(32, 2)]
    public void EveryBitDepthDecodesExactly(int bits, int channels)
    {
        var seeds = Enumerable.Range(3, channels).ToArray();
        // Depths under 8 bits are outside flac's subset and need --lax.
        var stats = EncodeAndCompare($"b{bits}c{channels}", FlacTestSignals.Mixed(bits, 9000, seeds), bits, "--lax", "-8");
        Assert.True(stats.LpcSubframes > 0, $"LPC subframes: {stats.LpcSubframes}, fixed {stats.FixedSubframes}");
        Assert.True(stats.VerbatimSubframes > 0, "verbatim subframes");
        // libFLAC 1.4.2 codes 32-bit silence as a fixed subframe, never as a constant one.
        if (bits < 32) Assert.True(stats.ConstantSubframes > 0, "constant subframes");
    }

    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ThreeToEightChannelsDecodeExactly(int channels)
    {
        var signal = FlacTestSignals.Mixed(16, 9000, Enumerable.Range(10, channels).ToArray());
        var stats = EncodeAndCompare($"c{channels}", signal, 16, "-5", "--channel-map=none");
        Assert.Equal(stats.Frames, stats.ChannelAssignments[(int)FlacChannelAssignment.Independent]);
    }

    [RequiresFact(Requirement.Flac, Requirement.SharedData)]
    public void EveryStereoChannelAssignmentIsExercisedAndDecodesExactly()
    {
        var signal = FlacTestSignals.StereoDecorrelationMix(40 * 4096);
        var exhaustive = EncodeAndCompare("stereo-m", signal, 16, "-5", "-m");
        var adaptive = EncodeAndCompare("stereo-M", signal, 16, "-5", "-M");
        var speech = FlacTestSignals.Mixed(16, 20000, 1, 2);
        var real = EncodeAndCompare("stereo-speech", speech, 16, "-8");
        for (var a = 0; a < 4; a++)
        {
            var uses = exhaustive.ChannelAssignments[a] + adaptive.ChannelAssignments[a] + real.ChannelAssignments[a];
            Assert.True(uses > 0, $"channel assignment {(FlacChannelAssignment)a} was never used");
        }
    }

    [RequiresFact(Requirement.Flac, Requirement.SharedData)]
    public void HighLpcOrdersAndPartitionOrdersDecodeExactly()
    {
        var stats = EncodeAndCompare("lax", FlacTestSignals.Mixed(16, 8192, 5), 16, "--lax", "-8", "-l", "32", "-r", "8,12", "-b", "4096");
        Assert.True(stats.MaxLpcOrder > 12, $"max LPC order was {stats.MaxLpcOrder}");
        Assert.True(stats.MaxPartitionOrder >= 8, $"max partition order was {stats.MaxPartitionOrder}");
    }

    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(4607)]
    [InlineData(65535)]
    public void OddBlockSizesDecodeExactly(int blockSize)
    {
        var stats = EncodeAndCompare($"bs{blockSize}", FlacTestSignals.Mixed(16, 20000, 2), 16, "--lax", "-5", $"--blocksize={blockSize}");
        Assert.Contains(blockSize, stats.BlockSizes);
    }

    [RequiresFact(Requirement.Flac, Requirement.SharedData)]
    public void WastedBitsDecodeExactly()
    {
        // 16-bit speech in a 24-bit container: every subframe has 8 wasted low bits.
        var signal = new[] { FlacTestSignals.Speech(30000).Select(s => s << 8).ToArray() };
        var stats = EncodeAndCompare("wasted", signal, 24, "-5");
        Assert.Equal(stats.Frames, stats.WastedBitsSubframes);
    }

    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData(1, 16)]
    [InlineData(2, 16)]
    [InlineData(2, 24)]
    [InlineData(1, 8)]
    [InlineData(2, 20)]
    public void VariableBlockSizeStreamsFromTheTestEncoderDecodeExactly(int channels, int bits)
    {
        var signal = FlacTestSignals.Mixed(bits, 6000, Enumerable.Range(20, channels).ToArray());
        foreach (var channel in signal)
            for (var i = 1000; i < 2500; i++) channel[i] &= ~7; // a stretch with 3 wasted bits
        var sizes = BlockSizes(signal[0].Length);
        var path = Path.Combine(_dir, $"variable-{channels}-{bits}.flac");
        File.WriteAllBytes(path, FlacTestEncoder.Encode(signal, bits, Rate, sizes));

        var stats = Compare(path, signal, bits);
        Assert.Equal(sizes.Count, stats.VariableBlockSizeFrames);
        Assert.True(stats.EscapedPartitions > 0, "escaped partitions");
        Assert.True(stats.Rice2Residuals > 0, "Rice2 residuals");
        Assert.True(stats.WastedBitsSubframes > 0, "wasted bits");
        Assert.True(stats.ConstantSubframes > 0, "constant subframes");
        Assert.True(stats.VerbatimSubframes > 0, "verbatim subframes");
        Assert.True(stats.FixedSubframes > 0, "fixed subframes");
        if (channels == 2) Assert.All(stats.ChannelAssignments, uses => Assert.True(uses > 0));
    }

    /// <summary>Block sizes that hit every header code: 192, 576·2^n, 256·2^n, 8-bit and 16-bit explicit sizes.</summary>
    private static List<int> BlockSizes(int total)
    {
        int[] pattern = [192, 17, 1000, 576, 256, 4608, 333, 1152, 16, 2304, 4096, 100, 2000];
        var sizes = new List<int>();
        var left = total;
        for (var i = 0; left > 0; i++)
        {
            var n = Math.Min(pattern[i % pattern.Length], left);
            sizes.Add(n);
            left -= n;
        }
        return sizes;
    }

    private FlacDecodeStatistics EncodeAndCompare(string name, int[][] signal, int bits, params string[] options)
    {
        var wav = Path.Combine(_dir, name + ".wav");
        var flac = Path.Combine(_dir, name + ".flac");
        FlacTestSignals.WriteWav(wav, signal, bits, Rate);
        FlacTestSupport.Run("flac", ["-s", "-f", .. options, "-o", flac, wav]);
        return Compare(flac, signal, bits);
    }

    /// <summary>Our decoding must equal libFLAC's (flac -d) and the encoder's input.</summary>
    private static FlacDecodeStatistics Compare(string path, int[][] signal, int bits)
    {
        var ours = FlacTestSupport.Decode(path);
        var reference = FlacTestSupport.FlacToolDecode(path, bits);
        var input = Interleave(signal);
        FlacTestSupport.AssertSameSamples(reference, ours.Samples, Path.GetFileName(path) + " vs libFLAC");
        FlacTestSupport.AssertSameSamples(input, ours.Samples, Path.GetFileName(path) + " vs encoder input");
        Assert.Equal(ours.StreamInfo.Md5, ours.PcmMd5());
        Assert.Equal(bits, ours.StreamInfo.BitsPerSample);
        return ours.Statistics;
    }

    private static int[] Interleave(int[][] channels)
    {
        var result = new int[channels.Length * channels[0].Length];
        for (var i = 0; i < channels[0].Length; i++)
            for (var c = 0; c < channels.Length; c++) result[i * channels.Length + c] = channels[c][i];
        return result;
    }
}
