namespace EmotionRecognition.Training;

/// <summary>Draws from the Beta(α, α) distribution that mixup takes its blending weights from.</summary>
internal static class Beta
{
    public static double Sample(double alpha, Random random)
    {
        var x = Gamma(alpha, random);
        var y = Gamma(alpha, random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    // Marsaglia and Tsang's method; shapes below 1 are boosted by one and scaled back by U^(1/shape).
    private static double Gamma(double shape, Random random)
    {
        if (shape < 1)
            return Gamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }
}
