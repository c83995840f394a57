using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Training;

public class BatchNormRecalibrationTests
{
    [Fact]
    public void RunningStatisticsBecomeTheTrainingRowsStatisticsAndMomentumIsKept()
    {
        torch.manual_seed(3);
        using var norm = nn.BatchNorm1d(4, momentum: 0.01);
        using var model = nn.Sequential(("bn", norm));
        using var features = randn(64, 4) * tensor(new[] { 1f, 2f, 3f, 4f }) + tensor(new[] { 5f, -1f, 0f, 2f });
        model.eval();

        // Batches of 8: the cumulative average of per-batch means is the mean over all rows.
        BatchNormRecalibration.Run(model, features, batchSize: 8);

        var expectedMean = features.mean([0]).data<float>().ToArray();
        var actualMean = norm.running_mean!.data<float>().ToArray();
        for (var c = 0; c < 4; c++) Assert.Equal(expectedMean[c], actualMean[c], 1e-4);
        // Variances average the per-batch unbiased variances: close to, not exactly, the overall variance.
        var expectedVar = features.var([0]).data<float>().ToArray();
        var actualVar = norm.running_var!.data<float>().ToArray();
        for (var c = 0; c < 4; c++) Assert.Equal(expectedVar[c], actualVar[c], expectedVar[c] * 0.35);
        Assert.Equal(0.01, norm.momentum);
        Assert.False(model.training);
    }
}
