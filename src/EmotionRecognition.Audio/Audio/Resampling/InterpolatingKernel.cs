namespace EmotionRecognition.Audio;

/// <summary>
/// A kernel for any ratio, irrational ones included: each output's taps are interpolated from the sinc table
/// at that output's exact fractional position, the way resampy computes every sample.
/// </summary>
internal sealed class InterpolatingKernel : ResamplingKernel
{
    private readonly double _timeIncrement;

    public InterpolatingKernel(SincTable table, double inputRate, double outputRate)
        : base(table, inputRate, outputRate)
    {
        // resampy's expression: positions are t · (1 / (new / old)), not t · old / new.
        _timeIncrement = 1.0 / (outputRate / inputRate);
    }

    public override long InputIndex(long t) => (long)(t * _timeIncrement);

    public override long OutputsUpTo(long lastInput)
    {
        if (lastInput < 0) return 0;
        var count = (long)((lastInput + 1) / _timeIncrement);
        while (count > 0 && InputIndex(count - 1) > lastInput) count--;
        while (InputIndex(count) <= lastInput) count++;
        return count;
    }

    public override void Run(long firstOutput, Span<float> destination, ReadOnlySpan<float> input, long inputStart, Span<float> scratch)
    {
        var row = scratch[..Width];
        for (var i = 0; i < destination.Length; i++)
        {
            var time = (firstOutput + i) * _timeIncrement;
            var n = (long)time;
            WriteRow(time - n, row);
            destination[i] = VectorMath.Dot(row, input.Slice((int)(n - WingTaps + 1 - inputStart), Width));
        }
    }
}
