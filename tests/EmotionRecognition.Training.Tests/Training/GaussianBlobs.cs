namespace EmotionRecognition.Training.Tests.Training;

/// <summary>Class-dependent Gaussian clouds in feature space: a task any working classifier learns quickly.</summary>
internal sealed class GaussianBlobs
{
    private readonly float[][] _means;
    private readonly Random _random;

    public GaussianBlobs(int classes, int width, double separation, int seed)
    {
        _random = new Random(seed);
        _means = Enumerable.Range(0, classes)
            .Select(_ => Enumerable.Range(0, width).Select(_ => (float)(separation * Normal())).ToArray())
            .ToArray();
    }

    public int Classes => _means.Length;

    /// <summary><paramref name="perClass"/> rows of each class (unit noise around the class mean), classes interleaved.</summary>
    public (float[][] Rows, int[] Labels) Sample(int perClass)
    {
        var labels = Enumerable.Range(0, perClass * Classes).Select(i => i % Classes).ToArray();
        var rows = labels.Select(label => _means[label].Select(m => m + (float)Normal()).ToArray()).ToArray();
        return (rows, labels);
    }

    private double Normal() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
