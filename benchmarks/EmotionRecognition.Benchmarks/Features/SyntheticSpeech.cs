namespace EmotionRecognition.Benchmarks.Features;

/// <summary>A deterministic speech-like test clip: a gliding harmonic tone with a syllable envelope and a little noise.</summary>
internal static class SyntheticSpeech
{
    public static float[] Create(int samples, int sampleRate = 22050, int seed = 1)
    {
        var random = new Random(seed);
        var signal = new float[samples];
        var phase = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var time = (double)i / sampleRate;
            var f0 = 140 + 40 * Math.Sin(2 * Math.PI * 1.3 * time);
            phase += 2 * Math.PI * f0 / sampleRate;
            var voiced = 0.0;
            for (var h = 1; h <= 12; h++)
                voiced += Math.Sin(h * phase) / h;
            var envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * 4 * time);
            signal[i] = (float)(0.2 * envelope * voiced + 0.01 * (random.NextDouble() - 0.5));
        }
        return signal;
    }
}
