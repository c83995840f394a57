namespace EmotionRecognition.Features;

/// <summary>Hertz/mel conversions of librosa: Slaney's (linear below 1 kHz, logarithmic above) or HTK's.</summary>
internal static class MelScale
{
    private const double SlaneyStep = 200.0 / 3;
    private const double SlaneyBreakHertz = 1000.0;
    private const double SlaneyBreakMel = SlaneyBreakHertz / SlaneyStep;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    public static double FromHertz(double hertz, bool htk)
    {
        if (htk)
            return 2595.0 * Math.Log10(1.0 + hertz / 700.0);
        return hertz >= SlaneyBreakHertz
            ? SlaneyBreakMel + Math.Log(hertz / SlaneyBreakHertz) / SlaneyLogStep
            : hertz / SlaneyStep;
    }

    public static double ToHertz(double mel, bool htk)
    {
        if (htk)
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        return mel >= SlaneyBreakMel
            ? SlaneyBreakHertz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel))
            : SlaneyStep * mel;
    }
}
