using System.Buffers;
using EmotionRecognition.Inference;

namespace EmotionRecognition;

/// <summary>
/// Classifies live audio: push mono PCM chunks of any size at its sample rate, and get a prediction for every window
/// as soon as it is complete. Create one with <see cref="EmotionClassifier.CreateLiveClassifier"/>.
/// </summary>
/// <remarks>
/// Chunk boundaries do not matter: the same samples give the same segments as <see cref="EmotionClassifier.ClassifySegments(string, TimeSpan?, TimeSpan?, CancellationToken)"/>
/// whatever the chunk sizes. Memory stays flat (one window plus a resampling block). An instance is for one producer at a time.
/// </remarks>
public sealed class LiveClassifier
{
    private readonly SegmentEngine _engine;
    private readonly List<EmotionSegment> _output = [];
    private const int ConvertBlock = 4096;

    internal LiveClassifier(SegmentEngine engine, int sampleRate)
    {
        _engine = engine;
        SampleRate = sampleRate;
    }

    /// <summary>The sample rate of the audio written to this classifier.</summary>
    public int SampleRate { get; }

    /// <summary>Adds mono float samples (nominally in [-1, 1]).</summary>
    /// <param name="samples">The next samples.</param>
    /// <returns>The segments this chunk completed (often none).</returns>
    /// <exception cref="InvalidOperationException">The live classifier was completed.</exception>
    public IReadOnlyList<EmotionSegment> Write(ReadOnlySpan<float> samples)
    {
        _engine.Write(samples, _output);
        return Publish();
    }

    /// <summary>Adds mono 16-bit PCM samples (scaled by 1/32768, as decoders do).</summary>
    /// <param name="samples">The next samples.</param>
    /// <returns>The segments this chunk completed (often none).</returns>
    /// <exception cref="InvalidOperationException">The live classifier was completed.</exception>
    public IReadOnlyList<EmotionSegment> Write(ReadOnlySpan<short> samples)
    {
        var floats = ArrayPool<float>.Shared.Rent(ConvertBlock);
        try
        {
            while (!samples.IsEmpty)
            {
                var block = samples[..Math.Min(ConvertBlock, samples.Length)];
                samples = samples[block.Length..];
                for (var i = 0; i < block.Length; i++) floats[i] = block[i] / 32768f;
                _engine.Write(floats.AsSpan(0, block.Length), _output);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(floats);
        }
        return Publish();
    }

    /// <summary>Ends the audio: flushes the resampler and, if no window was ever completed, classifies the short audio there is.</summary>
    /// <returns>The segments completed by the end of the audio.</returns>
    public IReadOnlyList<EmotionSegment> Complete()
    {
        _engine.Complete(_output);
        return Publish();
    }

    private EmotionSegment[] Publish()
    {
        var segments = _output.ToArray();
        _output.Clear();
        return segments;
    }
}
