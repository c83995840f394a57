namespace EmotionRecognition.Audio;

/// <summary>Decodes one subframe (RFC 9639 §9.2) into a channel buffer.</summary>
internal sealed class FlacSubframeDecoder
{
    private const int MaxLpcOrder = 32;

    private readonly FlacBitReader _reader;
    private readonly long[] _coefficients = new long[MaxLpcOrder];

    public FlacSubframeDecoder(FlacBitReader reader) => _reader = reader;

    /// <summary>Counts of what the decoded stream used, so tests can prove a file exercised a feature.</summary>
    public FlacDecodeStatistics Statistics { get; } = new();

    /// <summary>Decodes a subframe of <paramref name="bits"/>-bit samples (one more for a side channel).</summary>
    public void Decode(Span<long> samples, int bits)
    {
        if (_reader.ReadBits(1) != 0) throw _reader.Fail("a subframe's padding bit is set");
        var type = (int)_reader.ReadBits(6);
        var wasted = 0;
        if (_reader.ReadBits(1) == 1)
        {
            var extra = _reader.ReadUnary();
            if (extra >= (ulong)bits - 1)
                throw _reader.Fail($"a subframe declares {extra + 1} wasted bits of {bits}");
            wasted = (int)extra + 1;
            Statistics.WastedBitsSubframes++;
        }
        var codedBits = bits - wasted;
        switch (type)
        {
            case 0:
                samples.Fill(_reader.ReadSignedLong(codedBits));
                Statistics.ConstantSubframes++;
                break;
            case 1:
                for (var i = 0; i < samples.Length; i++) samples[i] = _reader.ReadSignedLong(codedBits);
                Statistics.VerbatimSubframes++;
                break;
            case >= 8 and <= 12:
                DecodeFixed(samples, codedBits, type - 8);
                break;
            case >= 32:
                DecodeLpc(samples, codedBits, type - 31);
                break;
            default:
                throw _reader.Fail($"a subframe uses the reserved type {type}");
        }
        if (wasted > 0)
            for (var i = 0; i < samples.Length; i++) samples[i] <<= wasted;
    }

    private void DecodeFixed(Span<long> samples, int bits, int order)
    {
        ReadWarmUp(samples, bits, order);
        ReadResidual(samples, order);
        FlacPrediction.RestoreFixed(samples, order);
        Statistics.FixedSubframes++;
    }

    private void DecodeLpc(Span<long> samples, int bits, int order)
    {
        ReadWarmUp(samples, bits, order);
        var precision = (int)_reader.ReadBits(4);
        if (precision == 15) throw _reader.Fail("an LPC subframe uses the invalid coefficient precision code 15");
        precision++;
        var shift = _reader.ReadSigned(5);
        if (shift < 0) throw _reader.Fail($"an LPC subframe has a negative shift ({shift})");
        var coefficients = _coefficients.AsSpan(0, order);
        for (var i = 0; i < order; i++) coefficients[i] = _reader.ReadSigned(precision);
        ReadResidual(samples, order);
        FlacPrediction.RestoreLpc(samples, coefficients, shift);
        Statistics.LpcSubframes++;
        Statistics.MaxLpcOrder = Math.Max(Statistics.MaxLpcOrder, order);
    }

    private void ReadWarmUp(Span<long> samples, int bits, int order)
    {
        if (order > samples.Length)
            throw _reader.Fail($"a predictor of order {order} is longer than its block of {samples.Length} samples");
        for (var i = 0; i < order; i++) samples[i] = _reader.ReadSignedLong(bits);
    }

    /// <summary>Partitioned Rice / Rice2 residual (RFC 9639 §9.2.7), written after the warm-up samples.</summary>
    private void ReadResidual(Span<long> samples, int order)
    {
        var method = _reader.ReadBits(2);
        if (method > 1) throw _reader.Fail($"a residual uses the reserved coding method {method}");
        var parameterBits = method == 0 ? 4 : 5;
        var escape = (1 << parameterBits) - 1;
        var partitionOrder = (int)_reader.ReadBits(4);
        var perPartition = samples.Length >> partitionOrder;
        if ((perPartition << partitionOrder) != samples.Length || perPartition < order)
            throw _reader.Fail($"partition order {partitionOrder} does not fit a block of {samples.Length} samples with predictor order {order}");
        Statistics.MaxPartitionOrder = Math.Max(Statistics.MaxPartitionOrder, partitionOrder);
        if (method == 1) Statistics.Rice2Residuals++;

        var start = order;
        for (var p = 0; p < 1 << partitionOrder; p++)
        {
            var end = (p + 1) * perPartition;
            var partition = samples[start..end];
            var parameter = (int)_reader.ReadBits(parameterBits);
            if (parameter == escape)
                ReadEscaped(partition);
            else
                _reader.ReadRice(partition, parameter);
            start = end;
        }
    }

    private void ReadEscaped(Span<long> partition)
    {
        var bits = (int)_reader.ReadBits(5);
        for (var i = 0; i < partition.Length; i++) partition[i] = _reader.ReadSigned(bits);
        Statistics.EscapedPartitions++;
    }
}
