using System.Numerics.Tensors;

namespace EmotionRecognition.Audio;

/// <summary>
/// A kernel for any ratio, irrational ones included: each output's taps are interpolated from the sinc table
/// at that output's exact fractional position, the way resampy computes every sample.
/// </summary>
/// <remarks>
/// resampy reads one wing as the table points <c>offset + k · stride</c>. Those points lie far apart in the
/// table, so they are regrouped once per kernel: row <c>offset</c> holds them contiguously (with their
/// differences), and a wing becomes two vector operations on cache-resident memory.
/// </remarks>
internal sealed class InterpolatingKernel : ResamplingKernel
{
    private readonly double _timeIncrement;
    private readonly float[] _taps;
    private readonly float[] _deltas;

    public InterpolatingKernel(SincTable table, double inputRate, double outputRate)
        : base(table, inputRate, outputRate)
    {
        // resampy's expression: positions are t · (1 / (new / old)), not t · old / new.
        _timeIncrement = 1.0 / (outputRate / inputRate);
        var offsets = (int)(Scale * table.PointsPerCrossing) + 1;
        _taps = new float[offsets * WingTaps];
        _deltas = new float[offsets * WingTaps];
        for (var offset = 0; offset < offsets; offset++)
        {
            var taps = (table.Window.Length - offset) / Stride;
            for (var k = 0; k < taps; k++)
            {
                var index = offset + k * Stride;
                _taps[offset * WingTaps + k] = (float)(Scale * table.Window[index]);
                _deltas[offset * WingTaps + k] = (float)(Scale * table.Delta[index]);
            }
        }
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
        row.Clear(); // the padding past both wings stays zero
        var left = row[..WingTaps];
        var right = row.Slice(WingTaps, WingTaps);
        var points = Table.PointsPerCrossing;
        for (var i = 0; i < destination.Length; i++)
        {
            var time = (firstOutput + i) * _timeIncrement;
            var n = (long)time;
            var fraction = Scale * (time - n);
            WriteWing(fraction * points, left);
            left.Reverse();
            WriteWing((Scale - fraction) * points, right);
            destination[i] = VectorMath.Dot(row, input.Slice((int)(n - WingTaps + 1 - inputStart), Width));
        }
    }

    private void WriteWing(double position, Span<float> wing)
    {
        var offset = (int)position;
        var eta = (float)(position - offset);
        var start = offset * WingTaps;
        TensorPrimitives.MultiplyAdd(_deltas.AsSpan(start, WingTaps), eta, _taps.AsSpan(start, WingTaps), wing);
    }
}
