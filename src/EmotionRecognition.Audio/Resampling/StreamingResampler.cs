namespace EmotionRecognition.Audio;

/// <summary>
/// Resamples a mono stream block by block in constant memory. Feed blocks of any size to
/// <see cref="Process"/>, then call <see cref="Flush"/> once: the concatenated output equals
/// <see cref="Resampler.Resample(ReadOnlySpan{float}, double, double, ResamplerQuality)"/> of the whole signal.
/// </summary>
/// <remarks>
/// Output lags input by the filter's half-length (about 50 input samples for <see cref="ResamplerQuality.Best"/>,
/// more when downsampling); <see cref="Flush"/> emits the tail. An instance is not thread-safe; the filter
/// tables it uses are shared and immutable.
/// </remarks>
public sealed class StreamingResampler
{
    private const int BlockSize = 4096;

    private readonly ResamplingKernel? _kernel;
    private readonly float[] _buffer;
    private readonly float[] _scratch;
    private long _bufferStart;
    private int _bufferCount;
    private long _inputCount;
    private long _outputCount;
    private bool _flushed;

    /// <summary>Creates a resampler for one stream.</summary>
    /// <param name="inputRate">The input's sample rate in Hz.</param>
    /// <param name="outputRate">The wanted sample rate in Hz.</param>
    /// <param name="quality">The interpolation filter; <see cref="ResamplerQuality.Best"/> is librosa's <c>kaiser_best</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not positive and finite.</exception>
    public StreamingResampler(double inputRate, double outputRate, ResamplerQuality quality = ResamplerQuality.Best)
    {
        Resampler.ValidateRate(inputRate);
        Resampler.ValidateRate(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        Quality = quality;
        if (inputRate != outputRate)
            _kernel = ResamplingKernel.For(inputRate, outputRate, quality);
        var width = _kernel?.Width ?? 0;
        _buffer = new float[width + BlockSize];
        _scratch = new float[width];
        Reset();
    }

    /// <summary>The input's sample rate in Hz.</summary>
    public double InputRate { get; }

    /// <summary>The output's sample rate in Hz.</summary>
    public double OutputRate { get; }

    /// <summary>The interpolation filter.</summary>
    public ResamplerQuality Quality { get; }

    /// <summary>The number of samples the next <see cref="Process"/> call writes for a block of <paramref name="inputLength"/> samples.</summary>
    /// <param name="inputLength">The length of the next input block.</param>
    public int GetOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        if (_kernel is null)
            return inputLength;
        var ready = _kernel.OutputsUpTo(_inputCount + inputLength - 1 - _kernel.Lookahead) - _outputCount;
        return (int)Math.Max(0, ready);
    }

    /// <summary>The number of samples <see cref="Flush"/> writes.</summary>
    public int GetFlushLength() =>
        _flushed ? 0 : (int)Math.Max(0, Resampler.LibrosaLength(_inputCount, InputRate, OutputRate) - _outputCount);

    /// <summary>Consumes a block of input and writes every output sample that it completes.</summary>
    /// <param name="input">The next input samples.</param>
    /// <param name="destination">At least <see cref="GetOutputLength"/>(<c>input.Length</c>) samples.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The stream was already flushed (call <see cref="Reset"/>).</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> destination)
    {
        if (_flushed)
            throw new InvalidOperationException("The stream was flushed; call Reset to start another.");
        RequireSpace(destination, GetOutputLength(input.Length));
        if (_kernel is null)
        {
            input.CopyTo(destination);
            _inputCount += input.Length;
            _outputCount += input.Length;
            return input.Length;
        }
        var written = 0;
        while (!input.IsEmpty)
        {
            var take = Math.Min(input.Length, _buffer.Length - _bufferCount);
            input[..take].CopyTo(_buffer.AsSpan(_bufferCount));
            _bufferCount += take;
            _inputCount += take;
            input = input[take..];
            written += Emit(_kernel, destination[written..], long.MaxValue);
        }
        return written;
    }

    /// <summary>Ends the stream: writes the remaining output, treating samples after the end as zeros.</summary>
    /// <param name="destination">At least <see cref="GetFlushLength"/> samples.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int Flush(Span<float> destination)
    {
        var length = GetFlushLength();
        RequireSpace(destination, length);
        _flushed = true;
        if (_kernel is null || length == 0)
            return 0;
        var computed = Math.Min(Resampler.ResampyLength(_inputCount, InputRate, OutputRate), _outputCount + length);
        var written = 0;
        while (_outputCount < computed)
        {
            _buffer.AsSpan(_bufferCount).Clear();
            _bufferCount = _buffer.Length;
            written += Emit(_kernel, destination[written..], computed);
        }
        destination[written..length].Clear();
        _outputCount += length - written;
        return length;
    }

    /// <summary>Forgets all input so the instance can resample a new stream.</summary>
    public void Reset()
    {
        var history = (_kernel?.WingTaps ?? 1) - 1;
        // The zeros stand for the signal's silent past, which the first outputs' left wings read.
        _buffer.AsSpan(0, history).Clear();
        _bufferStart = -history;
        _bufferCount = history;
        _inputCount = 0;
        _outputCount = 0;
        _flushed = false;
    }

    private int Emit(ResamplingKernel kernel, Span<float> destination, long limit)
    {
        var lastInput = _bufferStart + _bufferCount - 1 - kernel.Lookahead;
        var count = (int)Math.Max(0, Math.Min(kernel.OutputsUpTo(lastInput), limit) - _outputCount);
        kernel.Run(_outputCount, destination[..count], _buffer.AsSpan(0, _bufferCount), _bufferStart, _scratch);
        _outputCount += count;
        DropConsumedInput(kernel);
        return count;
    }

    private void DropConsumedInput(ResamplingKernel kernel)
    {
        var firstNeeded = kernel.InputIndex(_outputCount) - kernel.WingTaps + 1;
        var drop = (int)Math.Clamp(firstNeeded - _bufferStart, 0, _bufferCount);
        if (drop == 0)
            return;
        _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
        _bufferCount -= drop;
        _bufferStart += drop;
    }

    private static void RequireSpace(Span<float> destination, int needed)
    {
        if (destination.Length < needed)
            throw new ArgumentException($"The destination holds {destination.Length} samples; {needed} are needed.", nameof(destination));
    }
}
