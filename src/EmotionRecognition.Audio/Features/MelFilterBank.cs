using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EmotionRecognition.Simd;

namespace EmotionRecognition.Features;

/// <summary>
/// Triangular mel filters over the one-sided FFT bins, as <c>librosa.filters.mel</c> builds them
/// (Slaney or HTK mel scale, Slaney area normalisation). Each band keeps only its non-zero bin range,
/// which is about 2 x bins of work per frame instead of bands x bins.
/// </summary>
internal sealed class MelFilterBank
{
    private readonly int[] _start;
    private readonly int[] _length;
    private readonly int[] _offset;
    private readonly float[] _weights;

    public MelFilterBank(int sampleRate, int fftSize, int bandCount, double minFrequency, double maxFrequency, bool htk)
    {
        BandCount = bandCount;
        BinCount = fftSize / 2 + 1;
        var dense = Dense(sampleRate, fftSize, bandCount, minFrequency, maxFrequency, htk);
        _start = new int[bandCount];
        _length = new int[bandCount];
        _offset = new int[bandCount];
        var weights = new List<float>();
        for (var b = 0; b < bandCount; b++)
        {
            var row = dense.AsSpan(b * BinCount, BinCount);
            var first = row.IndexOfAnyExcept(0f);
            var last = row.LastIndexOfAnyExcept(0f);
            _offset[b] = weights.Count;
            if (first < 0) continue;
            _start[b] = first;
            _length[b] = last - first + 1;
            weights.AddRange(row[first..(last + 1)]);
        }
        _weights = weights.ToArray();
    }

    public int BandCount { get; }

    public int BinCount { get; }

    /// <summary>Mel energies of one power-spectrum frame.</summary>
    public void Apply(ReadOnlySpan<float> power, Span<float> mel)
    {
        if (power.Length < BinCount || mel.Length < BandCount)
            throw new ArgumentException("The power or mel buffer is too short.");
        ref var weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref var bins = ref MemoryMarshal.GetReference(power);
        var width = SimdWidth.Current;
        for (var b = 0; b < _start.Length; b++)
            mel[b] = Dot(ref Unsafe.Add(ref weights, _offset[b]), ref Unsafe.Add(ref bins, _start[b]), _length[b], width);
    }

    // Most bands span only a few to a few dozen bins, too short for TensorPrimitives.Dot's call overhead to pay;
    // each band runs at the widest vectors its length fills.
    private static float Dot(ref float weights, ref float power, int length, VectorWidth width)
    {
        var i = 0;
        var sum = SimdWidth.Fit<float>(width, length) switch
        {
            VectorWidth.Bits512 => Dot<Lanes512<float>>(ref weights, ref power, length, ref i),
            VectorWidth.Bits256 => Dot<Lanes256<float>>(ref weights, ref power, length, ref i),
            VectorWidth.Bits128 => Dot<Lanes128<float>>(ref weights, ref power, length, ref i),
            _ => 0f,
        };
        for (; i < length; i++)
            sum += Unsafe.Add(ref weights, i) * Unsafe.Add(ref power, i);
        return sum;
    }

    private static float Dot<TLanes>(ref float weights, ref float power, int length, ref int i)
        where TLanes : struct, ILanes<TLanes, float>
    {
        var acc = TLanes.Zero;
        for (; i + TLanes.Count <= length; i += TLanes.Count)
            acc += TLanes.Load(ref weights, (nuint)i) * TLanes.Load(ref power, (nuint)i);
        return acc.Sum();
    }

    /// <summary>The full bands x bins matrix, row-major (for comparison with librosa).</summary>
    public float[] ToDense()
    {
        var dense = new float[BandCount * BinCount];
        for (var b = 0; b < BandCount; b++)
            _weights.AsSpan(_offset[b], _length[b]).CopyTo(dense.AsSpan(b * BinCount + _start[b]));
        return dense;
    }

    private static float[] Dense(int sampleRate, int fftSize, int bandCount, double minFrequency, double maxFrequency, bool htk)
    {
        var bins = fftSize / 2 + 1;
        var minMel = MelScale.FromHertz(minFrequency, htk);
        var maxMel = MelScale.FromHertz(maxFrequency, htk);
        // Band edges: bandCount + 2 points equally spaced on the mel axis (np.linspace).
        var edges = new double[bandCount + 2];
        var step = (maxMel - minMel) / (edges.Length - 1);
        for (var i = 0; i < edges.Length; i++)
            edges[i] = MelScale.ToHertz(i == edges.Length - 1 ? maxMel : i * step + minMel, htk);
        // np.fft.rfftfreq divides by n * (1 / sr); the same rounding keeps band edges bit-compatible.
        var binWidthDivisor = fftSize * (1.0 / sampleRate);
        var weights = new float[bandCount * bins];
        for (var b = 0; b < bandCount; b++)
        {
            var lowerWidth = edges[b + 1] - edges[b];
            var upperWidth = edges[b + 2] - edges[b + 1];
            // Slaney normalisation: each triangle has unit area over frequency.
            var norm = 2.0 / (edges[b + 2] - edges[b]);
            for (var k = 0; k < bins; k++)
            {
                var frequency = k / binWidthDivisor;
                var rising = (frequency - edges[b]) / lowerWidth;
                var falling = (edges[b + 2] - frequency) / upperWidth;
                var w = Math.Max(0.0, Math.Min(rising, falling));
                weights[b * bins + k] = (float)((float)w * norm);
            }
        }
        return weights;
    }
}
