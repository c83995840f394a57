using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.TestData;
using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Models;

public sealed class MatrixCnnTests
{
    private static readonly FeatureSpec Spec = FeatureSpec.Seed;

    private static FeatureFrames RealClipFrames()
    {
        var clip = AudioLoader.Load(SharedData.RavdessFiles()[37], Spec.ToLoadOptions());
        return new FeatureExtractor(Spec).Extract(clip.Samples);
    }

    [Theory]
    [InlineData(FeatureLayout.ZcrRmsMfccByFrame)]
    [InlineData(FeatureLayout.ZcrRmsMfccByCoefficient)]
    public void FeatureMatrixPutsZcrRmsAndEachMfccCoefficientOnItsOwnRow(FeatureLayout layout)
    {
        TorchRuntime.EnsureInitialized();
        var frames = RealClipFrames();
        using var matrix = new FeatureMatrix(Spec.MfccCount, frames.Frames, layout);
        using var _ = no_grad();
        using var image = matrix.call(tensor(frames.ToVector(layout), [1, Spec.VectorLength]));

        Assert.Equal([1L, 1, 22, 108], image.shape);
        var cells = image.data<float>().ToArray();
        var mfcc = frames.MfccMatrix();
        for (var t = 0; t < frames.Frames; t++)
        {
            Assert.Equal(frames.Zcr[t], cells[t]);
            Assert.Equal(frames.Rms[t], cells[frames.Frames + t]);
            for (var c = 0; c < Spec.MfccCount; c++)
                Assert.Equal(mfcc[c, t], cells[(2 + c) * frames.Frames + t]);
        }
    }

    [Fact]
    public void UtteranceNormalizationGivesEveryRowZeroMeanUnitVarianceAndKeepsSilenceFinite()
    {
        TorchRuntime.EnsureInitialized();
        var frames = RealClipFrames();
        using var matrix = new FeatureMatrix(Spec.MfccCount, frames.Frames, Spec.Layout);
        using var normalization = new UtteranceNormalization();
        using var _ = no_grad();
        // Scaled up so every row's variance dwarfs epsilon, as after the model's standard scaling (raw ZCR varies by ~1e-4).
        var speech = tensor(frames.ToVector(), [1, Spec.VectorLength]) * 100;
        var silence = zeros(1, Spec.VectorLength);
        using var normalized = normalization.call(matrix.call(cat([speech, silence], 0)));

        using var mean = normalized[0].mean([-1]);
        using var std = normalized[0].std([-1], unbiased: false);
        Assert.True(mean.abs().max().item<float>() < 1e-4f);
        Assert.True((std - 1).abs().max().item<float>() < 1e-3f);
        Assert.Equal(0f, normalized[1].abs().max().item<float>());
    }

    [Fact]
    public void MaskingZeroesOneBoundedRunOfFramesAndRowsWhileTrainingOnly()
    {
        TorchRuntime.EnsureInitialized();
        manual_seed(5);
        using var masking = new SpectrogramMasking(maxFrames: 20, maxRows: 3);
        using var _ = no_grad();
        using var ones = torch.ones(64, 1, 22, 108);

        masking.eval();
        using (var untouched = masking.call(ones))
            Assert.Equal(0, untouched.eq(0).sum().item<long>());

        masking.train();
        using var masked = masking.call(ones);
        var maskedSomewhere = 0;
        for (var b = 0; b < 64; b++)
        {
            // A masked frame is zero in every row; a masked row is zero in every frame.
            using var zero = masked[b, 0].eq(0);
            var fullColumns = zero.all(0).sum().item<long>();
            var fullRows = zero.all(1).sum().item<long>();
            Assert.InRange(fullColumns, 0, 20);
            Assert.InRange(fullRows, 0, 3);
            var expectedZeros = fullColumns * 22 + fullRows * 108 - fullColumns * fullRows;
            Assert.Equal(expectedZeros, zero.sum().item<long>());
            if (expectedZeros > 0) maskedSomewhere++;
        }
        Assert.InRange(maskedSomewhere, 48, 64);
    }

    [Fact]
    public void MatrixModelIsSmallAndMapsRowsToLogits()
    {
        using var model = ModelFactory.Create(ModelKind.Matrix, Spec, seed: 3);
        // conv 1·24·9 + 24·48·9 + 48·96·9 + 96·128·9, BatchNorm scale and shift 2·(24+48+96+128), dense 128·7 + 7.
        Assert.Equal(164_143, model.parameters().Sum(p => p.numel()));

        model.eval();
        using var _ = no_grad();
        using var output = model.call(randn(3, Spec.VectorLength));
        Assert.Equal([3L, 7L], output.shape);
        Assert.True(output.isfinite().all().item<bool>());
    }

    [Fact]
    public void LengthOnlyOverloadRefusesLengthsThatAreNotWholeFrames()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelFactory.Create(ModelKind.Matrix, inputLength: 1000));
        Assert.Contains("multiple of 22", error.Message);
        using var model = ModelFactory.Create(ModelKind.Matrix, inputLength: 22 * 50, classCount: 4);
        model.eval();
        using var _ = no_grad();
        using var output = model.call(randn(2, 22 * 50));
        Assert.Equal([2L, 4L], output.shape);
    }
}
