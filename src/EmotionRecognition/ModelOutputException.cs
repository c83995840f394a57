namespace EmotionRecognition;

/// <summary>
/// Thrown instead of a prediction when the model's output for some input is not a probability distribution (NaN, infinite,
/// negative or not summing to 1): the model passed every load-time check, but its weights break on this input. It is the
/// model's fault, not the caller's code; the command line reports it as bad input (exit 2).
/// </summary>
public sealed class ModelOutputException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the model gave.</param>
    public ModelOutputException(string message) : base(message)
    {
    }
}
