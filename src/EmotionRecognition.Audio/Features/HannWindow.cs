namespace EmotionRecognition.Features;

/// <summary>The periodic ("fftbins") Hann window of <c>scipy.signal.get_window('hann', n)</c>.</summary>
internal static class HannWindow
{
    public static float[] Periodic(int length)
    {
        var window = new float[length];
        for (var i = 0; i < length; i++)
            window[i] = (float)(0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / length));
        return window;
    }
}
