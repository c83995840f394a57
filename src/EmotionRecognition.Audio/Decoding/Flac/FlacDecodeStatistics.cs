namespace EmotionRecognition.Audio;

/// <summary>What a decoded stream contained; lets tests show that a generated file exercised each feature.</summary>
internal sealed class FlacDecodeStatistics
{
    public long[] ChannelAssignments { get; } = new long[4];
    public long ConstantSubframes { get; set; }
    public long VerbatimSubframes { get; set; }
    public long FixedSubframes { get; set; }
    public long LpcSubframes { get; set; }
    public long WastedBitsSubframes { get; set; }
    public long EscapedPartitions { get; set; }
    public long Rice2Residuals { get; set; }
    public int MaxLpcOrder { get; set; }
    public int MaxPartitionOrder { get; set; }
    public long VariableBlockSizeFrames { get; set; }
    public long Frames { get; set; }
    public HashSet<int> BlockSizes { get; } = [];
}
