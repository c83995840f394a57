namespace EmotionRecognition.Audio;

/// <summary>
/// A kernel for a rational ratio L/M (outputs per inputs, reduced): output <c>t</c> uses phase <c>t mod L</c>,
/// so the <c>L</c> rows of taps are computed once and every output is one SIMD dot product.
/// </summary>
internal sealed class PolyphaseKernel : ResamplingKernel
{
    private readonly int _phases;
    private readonly long _inputStep;
    private readonly long[] _phaseInput;
    private readonly float[] _bank;

    private PolyphaseKernel(SincTable table, double inputRate, double outputRate, int phases, long inputStep)
        : base(table, inputRate, outputRate)
    {
        _phases = phases;
        _inputStep = inputStep;
        _phaseInput = new long[phases];
        _bank = new float[phases * Width];
        for (var p = 0; p < phases; p++)
        {
            var position = (long)p * inputStep;
            _phaseInput[p] = position / phases;
            WriteRow((double)(position % phases) / phases, _bank.AsSpan(p * Width, Width));
        }
    }

    /// <summary>A polyphase kernel when both rates are whole numbers and the bank fits the budget; otherwise null.</summary>
    public static PolyphaseKernel? TryCreate(SincTable table, double inputRate, double outputRate, int maxBankFloats)
    {
        if (!IsWhole(inputRate) || !IsWhole(outputRate))
            return null;
        var divisor = GreatestCommonDivisor((long)inputRate, (long)outputRate);
        var phases = (long)outputRate / divisor;
        var inputStep = (long)inputRate / divisor;
        var stride = StrideFor(table, inputRate, outputRate);
        if (stride < 1 || phases * WidthFor(table.MaxWingTaps(stride)) > maxBankFloats)
            return null;
        return new PolyphaseKernel(table, inputRate, outputRate, (int)phases, inputStep);
    }

    public override long InputIndex(long t) => t / _phases * _inputStep + _phaseInput[t % _phases];

    public override long OutputsUpTo(long lastInput) =>
        lastInput < 0 ? 0 : ((lastInput + 1) * _phases - 1) / _inputStep + 1;

    public override void Run(long firstOutput, Span<float> destination, ReadOnlySpan<float> input, long inputStart, Span<float> scratch)
    {
        var phase = (int)(firstOutput % _phases);
        var blockInput = firstOutput / _phases * _inputStep - WingTaps + 1 - inputStart;
        var width = Width;
        var bank = _bank.AsSpan();
        for (var i = 0; i < destination.Length; i++)
        {
            var start = (int)(blockInput + _phaseInput[phase]);
            destination[i] = VectorMath.Dot(bank.Slice(phase * width, width), input.Slice(start, width));
            if (++phase == _phases)
            {
                phase = 0;
                blockInput += _inputStep;
            }
        }
    }

    /// <summary>
    /// Writes the taps for an output <paramref name="fraction"/> of a sample after its input sample <c>n</c>,
    /// as resampy weighs them: the left wing from the table at the fraction, the right wing at its complement.
    /// </summary>
    private void WriteRow(double fraction, Span<float> row)
    {
        var left = Scale * fraction;
        var right = Scale - left;
        var points = Table.PointsPerCrossing;
        Table.WriteWing(left * points, Stride, Scale, row[..WingTaps], reversed: true);
        Table.WriteWing(right * points, Stride, Scale, row.Slice(WingTaps, WingTaps), reversed: false);
    }

    private static bool IsWhole(double rate) => rate == Math.Floor(rate) && rate <= int.MaxValue;

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
