namespace EmotionRecognition.Training;

/// <summary>
/// The one-cycle learning rate (Smith and Topin, 2019): a linear rise from a 25th of the peak over the warm-up share of the
/// steps, then cosine annealing to a 10,000th of it.
/// </summary>
internal sealed class OneCycleSchedule(double peak, int totalSteps, double warmupShare)
{
    private const double StartDivisor = 25;
    private const double EndDivisor = 1e4;

    public double At(int step)
    {
        var warmup = Math.Max(1, (int)Math.Round(totalSteps * warmupShare));
        var start = peak / StartDivisor;
        if (step < warmup)
            return start + (peak - start) * step / warmup;
        var progress = Math.Min(1, (step - warmup) / (double)Math.Max(1, totalSteps - warmup));
        var end = peak / EndDivisor;
        return end + (peak - end) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
