using System.Buffers;
using System.Runtime.CompilerServices;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Inference;

/// <summary>
/// Turns a mono stream at any rate into window predictions in constant memory: blocks are resampled to the model's rate and
/// collected in one window-long buffer that slides by the hop. Feeding the same samples in any block sizes gives the same
/// segments, because the streaming resampler's output does not depend on block boundaries.
/// </summary>
internal sealed class SegmentEngine
{
    private const int Block = 4096;

    private readonly Func<ReadOnlySpan<float>, EmotionPrediction> _classify;
    private readonly StreamingResampler _resampler;
    private readonly int _rate;
    private readonly float[] _window;
    private readonly int _hop;
    private float[] _resampled = [];
    private int _count;
    private int _skip;
    private long _windowStart;
    private bool _emittedAny;
    private bool _completed;

    internal SegmentEngine(Func<ReadOnlySpan<float>, EmotionPrediction> classify, int modelRate, int inputRate, TimeSpan window, TimeSpan hop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(inputRate, 0);
        _window = new float[ToSamples(window, modelRate, nameof(window))];
        _hop = ToSamples(hop, modelRate, nameof(hop));
        _classify = classify;
        _rate = modelRate;
        _resampler = new StreamingResampler(inputRate, modelRate);
    }

    private static int ToSamples(TimeSpan span, int rate, string name)
    {
        var samples = Math.Round(span.TotalSeconds * rate);
        if (samples < 1 || samples > Array.MaxLength)
            throw new ArgumentOutOfRangeException(name, span, "must be positive and at least one sample long.");
        return (int)samples;
    }

    internal void Write(ReadOnlySpan<float> mono, List<EmotionSegment> output)
    {
        if (_completed) throw new InvalidOperationException("The stream was completed; create another for more audio.");
        while (!mono.IsEmpty)
        {
            var block = mono[..Math.Min(Block, mono.Length)];
            mono = mono[block.Length..];
            var room = Room(_resampler.GetOutputLength(block.Length));
            var written = _resampler.Process(block, room);
            Collect(room[..written], output);
        }
    }

    internal void Complete(List<EmotionSegment> output)
    {
        if (_completed) return;
        _completed = true;
        var room = Room(_resampler.GetFlushLength());
        Collect(room[.._resampler.Flush(room)], output);
        // A recording shorter than one window still deserves an answer: the classifier zero-pads it.
        if (!_emittedAny && _count > 0) Emit(_count, output);
    }

    private Span<float> Room(int length)
    {
        if (_resampled.Length < length) _resampled = new float[Math.Max(length, 2 * Block)];
        return _resampled.AsSpan(0, length);
    }

    private void Collect(ReadOnlySpan<float> samples, List<EmotionSegment> output)
    {
        while (!samples.IsEmpty)
        {
            if (_skip > 0)
            {
                var skipped = Math.Min(_skip, samples.Length);
                samples = samples[skipped..];
                _skip -= skipped;
                continue;
            }
            var take = Math.Min(_window.Length - _count, samples.Length);
            samples[..take].CopyTo(_window.AsSpan(_count));
            _count += take;
            samples = samples[take..];
            if (_count == _window.Length) Slide(output);
        }
    }

    private void Slide(List<EmotionSegment> output)
    {
        Emit(_window.Length, output);
        if (_hop < _window.Length)
        {
            _window.AsSpan(_hop).CopyTo(_window);
            _count -= _hop;
        }
        else
        {
            _count = 0;
            _skip = _hop - _window.Length;
        }
        _windowStart += _hop;
    }

    private void Emit(int length, List<EmotionSegment> output)
    {
        var prediction = _classify(_window.AsSpan(0, length));
        output.Add(new EmotionSegment(TimeAt(_windowStart), TimeAt(_windowStart + length), prediction));
        _emittedAny = true;
    }

    private TimeSpan TimeAt(long sample) => TimeSpan.FromSeconds((double)sample / _rate);

    /// <summary>Reads a whole recording block by block, mixing to mono, and yields segments as their windows fill.</summary>
    internal static IEnumerable<EmotionSegment> Run(Func<AudioReader> open, Func<int, SegmentEngine> createEngine, CancellationToken cancellationToken)
    {
        // Opened on the first MoveNext, so an enumerable that is never enumerated holds no file.
        using (var reader = open())
        {
            var channels = reader.Info.Channels;
            var engine = createEngine(reader.Info.SampleRate);
            var output = new List<EmotionSegment>();
            var blockFrames = AudioReader.BlockFrames(channels, Block);
            var interleaved = ArrayPool<float>.Shared.Rent(blockFrames * channels);
            var mono = ArrayPool<float>.Shared.Rent(Block);
            try
            {
                int frames;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    frames = reader.ReadFrames(interleaved.AsSpan(0, blockFrames * channels));
                    if (frames > 0)
                    {
                        ChannelMixer.ToMono(interleaved.AsSpan(0, frames * channels), channels, mono);
                        engine.Write(mono.AsSpan(0, frames), output);
                    }
                    else
                    {
                        engine.Complete(output);
                    }
                    foreach (var segment in output) yield return segment;
                    output.Clear();
                }
                while (frames > 0);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(interleaved);
                ArrayPool<float>.Shared.Return(mono);
            }
        }
    }

    /// <summary>
    /// <see cref="Run"/> off the caller's thread: each step (decoding blocks until a window fills, then classifying it) runs on the
    /// thread pool, and the caller awaits it. <paramref name="cancellationToken"/> also reaches the engine, whose model runs it terminates.
    /// </summary>
    internal static async IAsyncEnumerable<EmotionSegment> RunAsync(Func<AudioReader> open, Func<int, CancellationToken, SegmentEngine> createEngine,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var segments = Run(open, rate => createEngine(rate, cancellationToken), cancellationToken).GetEnumerator();
        while (await Task.Run(segments.MoveNext, cancellationToken).ConfigureAwait(false))
            yield return segments.Current;
    }

    /// <summary>Feeds chunks as they arrive and yields each window's segment once its last chunk is in; the end of the chunks completes the engine.</summary>
    internal static async IAsyncEnumerable<EmotionSegment> RunLiveAsync(IAsyncEnumerable<ReadOnlyMemory<float>> audio,
        Func<CancellationToken, SegmentEngine> createEngine, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var engine = createEngine(cancellationToken);
        var output = new List<EmotionSegment>();
        await foreach (var chunk in audio.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            engine.Write(chunk.Span, output);
            foreach (var segment in output) yield return segment;
            output.Clear();
        }
        engine.Complete(output);
        foreach (var segment in output) yield return segment;
    }
}
