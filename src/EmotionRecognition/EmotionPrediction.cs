using System.Globalization;
using EmotionRecognition.Speech;

namespace EmotionRecognition;

/// <summary>The emotion heard in one clip, with the probability of every class, or word that the clip holds no speech.</summary>
/// <remarks>
/// Check <see cref="HasSpeech"/> first: when a clip is silence, noise, a tone or under
/// <see cref="SpeechDetector.MinimumSpeechSeconds"/> of speech, the model is not asked, every probability is 1/7 and
/// <see cref="Emotion"/> is <see cref="Emotion.Neutral"/>, so that nothing downstream mistakes the clip for a confident answer.
/// </remarks>
public sealed class EmotionPrediction
{
    private readonly float[] _probabilities;

    internal EmotionPrediction(ReadOnlySpan<float> probabilities, SpeechActivity speech)
    {
        _probabilities = probabilities.ToArray();
        var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities);
        Emotion = (Emotion)best;
        Confidence = probabilities[best];
        SpeechActivity = speech;
    }

    private EmotionPrediction(SpeechActivity speech)
    {
        _probabilities = new float[EmotionLabels.Count];
        Array.Fill(_probabilities, 1f / EmotionLabels.Count);
        Emotion = Emotion.Neutral;
        Confidence = 1f / EmotionLabels.Count;
        SpeechActivity = speech;
    }

    /// <summary>The answer for a clip without (enough) speech: even odds, no emotion claimed.</summary>
    internal static EmotionPrediction WithoutSpeech(SpeechActivity speech) => new(speech);

    /// <summary>True when the clip held enough speech for the model to be asked; false for silence, noise, a tone or a snippet.</summary>
    public bool HasSpeech => SpeechActivity.HasSpeech;

    /// <summary>Why the clip was or was not answered: <see cref="SpeechStatus.Speech"/>, <see cref="SpeechStatus.NoSpeech"/> or <see cref="SpeechStatus.TooShort"/>.</summary>
    public SpeechStatus SpeechStatus => SpeechActivity.Status;

    /// <summary>What the speech detector measured in the clip (seconds of speech, where it starts and ends).</summary>
    public SpeechActivity SpeechActivity { get; }

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

    /// <summary>E.g. <c>happy 83.1% (neutral 9.0%, sad 4.2%)</c>: the emotion, then the next two; <c>no speech</c> or <c>too little speech (…)</c> for an unanswered clip.</summary>
    public override string ToString() => ToString(3);

    /// <summary>
    /// The one text form of a prediction, with <paramref name="count"/> emotions: e.g. <c>happy 83.1% (neutral 9.0%, sad 4.2%)</c>
    /// for three, <c>happy 83.1%</c> for one; <c>no speech</c> or <c>too little speech (…)</c> for an unanswered clip.
    /// </summary>
    /// <param name="count">How many emotions to name, most probable first (1 to 7).</param>
    public string ToString(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!HasSpeech)
            return SpeechStatus == SpeechStatus.TooShort
                ? string.Create(CultureInfo.InvariantCulture, $"too little speech ({SpeechActivity.SpeechSeconds:F2} s; at least {SpeechDetector.MinimumSpeechSeconds:F1} s needed)")
                : "no speech";
        var top = Top(count);
        return top.Count == 1 ? Format(top[0]) : $"{Format(top[0])} ({string.Join(", ", top.Skip(1).Select(Format))})";
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
