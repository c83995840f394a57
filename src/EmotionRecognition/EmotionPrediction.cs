using System.Globalization;

namespace EmotionRecognition;

/// <summary>The emotion heard in one clip, with the probability of every class.</summary>
public sealed class EmotionPrediction
{
    private readonly float[] _probabilities;

    internal EmotionPrediction(ReadOnlySpan<float> probabilities)
    {
        _probabilities = probabilities.ToArray();
        var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities);
        Emotion = (Emotion)best;
        Confidence = probabilities[best];
    }

    /// <summary>The most probable emotion.</summary>
    public Emotion Emotion { get; }

    /// <summary>The probability of <see cref="Emotion"/>, in [0, 1].</summary>
    public float Confidence { get; }

    /// <summary>Every class's probability, indexed by <c>(int)</c><see cref="EmotionRecognition.Emotion"/>; they sum to 1.</summary>
    public IReadOnlyList<float> Probabilities => _probabilities;

    /// <summary>The probability of one emotion.</summary>
    /// <param name="emotion">The emotion.</param>
    public float ProbabilityOf(Emotion emotion) => _probabilities[(int)emotion];

    /// <summary>The <paramref name="count"/> most probable emotions, most probable first.</summary>
    /// <param name="count">How many (at most seven).</param>
    public IReadOnlyList<(Emotion Emotion, float Probability)> Top(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(0, _probabilities.Length)
            .OrderByDescending(i => _probabilities[i]).ThenBy(i => i)
            .Take(count)
            .Select(i => ((Emotion)i, _probabilities[i]))
            .ToArray();
    }

    /// <summary>E.g. <c>happy 83.1% (neutral 9.0%, sad 4.2%)</c>: the emotion, then the next two.</summary>
    public override string ToString()
    {
        var top = Top(3);
        return $"{Format(top[0])} ({string.Join(", ", top.Skip(1).Select(Format))})";
    }

    private static string Format((Emotion Emotion, float Probability) p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Emotion.ToLabel()} {p.Probability:P1}").Replace(" %", "%", StringComparison.Ordinal);
}

/// <summary>The prediction for one window of a longer recording.</summary>
/// <param name="Start">Where the window starts in the recording.</param>
/// <param name="End">Where it ends (a last, short window ends with the audio).</param>
/// <param name="Prediction">What the window sounds like.</param>
public sealed record EmotionSegment(TimeSpan Start, TimeSpan End, EmotionPrediction Prediction)
{
    /// <summary>E.g. <c>[00:02.50–00:05.00] happy 83.1% (…)</c>.</summary>
    public override string ToString() => $"[{Start:mm\\:ss\\.ff}–{End:mm\\:ss\\.ff}] {Prediction}";
}
