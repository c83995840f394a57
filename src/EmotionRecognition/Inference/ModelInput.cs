using EmotionRecognition.Features;

namespace EmotionRecognition.Inference;

/// <summary>Audio samples to the graph's input and through it, the one way the classifier and the ML.NET pipeline both use.</summary>
internal static class ModelInput
{
    /// <summary>Fewest frames a variable-length graph is given (0.16 s at 10 ms frames): enough for the utterance CNN's three 2×2 pools.</summary>
    internal const int MinimumFrames = 16;

    /// <summary>Room <see cref="Write"/> needs.</summary>
    internal static int BufferLength(FeatureSpec spec) => spec.VectorLength + (spec.IsVariableLength ? MinimumFrames * spec.FrameWidth : 0);

    /// <summary>
    /// Writes the scaled features of <paramref name="samples"/> (at the spec's rate) at the start of <paramref name="buffer"/> and
    /// returns how many there are: the vector length, or the utterance's frames times their width, at least <see cref="MinimumFrames"/> frames.
    /// </summary>
    /// <exception cref="ArgumentException">The samples contain NaN or infinite values.</exception>
    internal static int Write(FeatureExtractor extractor, EmotionModel model, ReadOnlySpan<float> samples, Span<float> buffer)
    {
        var spec = model.FeatureSpec;
        int length;
        if (spec.IsVariableLength)
        {
            var width = spec.FrameWidth;
            var frames = extractor.ExtractFrames(samples, buffer);
            // Repeating a clip this short changes nothing the pools see; the classifier flags it as too short anyway.
            for (var t = frames; t < MinimumFrames; t++)
                buffer.Slice(t % frames * width, width).CopyTo(buffer[(t * width)..]);
            length = Math.Max(frames, MinimumFrames) * width;
        }
        else
        {
            length = spec.VectorLength;
            extractor.ExtractVector(samples, buffer[..length]);
        }
        var row = buffer[..length];
        // One NaN or infinite sample poisons every feature of its frames, and the model would turn them into confident-looking
        // garbage; refuse instead. The sum is non-finite exactly when some value is (features are far from float overflow).
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(row)))
            throw new ArgumentException("The audio contains NaN or infinite samples; clean or drop it before classifying.", nameof(samples));
        model.Scale(row);
        return length;
    }

    /// <summary>Runs one row (fixed-length) or one utterance (variable-length) through the graph.</summary>
    internal static void Score(OnnxScorer scorer, ReadOnlySpan<float> row, Span<float> probabilities, CancellationToken cancellationToken = default)
    {
        if (scorer.FrameWidth > 0)
            scorer.RunFrames(row, probabilities, cancellationToken);
        else
            scorer.Run(row, 1, probabilities, cancellationToken);
    }
}
