using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

public class FeatureExtractorTests
{
    private static readonly FeatureExtractor Extractor = new(FeatureSpec.Seed);

    [RequiresFact(Requirement.SharedData)]
    public void ShortClipIsZeroPaddedToTheSpecDuration()
    {
        var signal = LibrosaFixture.Get("e_22050_stereo_f32_short").Signal;
        Assert.True(signal.Length < FeatureSpec.Seed.SampleCount);
        var vector = Extractor.ExtractVector(signal);
        Assert.Equal(2376, vector.Length);
        var padded = new float[FeatureSpec.Seed.SampleCount];
        signal.CopyTo(padded, 0);
        Assert.Equal(Extractor.ExtractUnpadded(padded).ToVector(), vector);
        // The padded tail is silence: its RMS is zero and it differs from the unpadded clip's 52 frames.
        Assert.Equal(0f, vector[108 + 107]);
        Assert.Equal(52, Extractor.ExtractUnpadded(signal).Frames);
    }

    [RequiresFact(Requirement.SharedData)]
    public void LongSignalIsCutToTheSpecDuration()
    {
        var signal = LibrosaFixture.Get("b_22050_mono_s16").Signal;
        var longer = signal.Concat(signal).ToArray();
        Assert.Equal(Extractor.ExtractVector(signal), Extractor.ExtractVector(longer));
        Assert.Equal(129, Extractor.ExtractUnpadded(longer.AsSpan(0, 66000)).Frames);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SpanOverloadRejectsWrongDestinationLength()
    {
        var signal = LibrosaFixture.Get("b_22050_mono_s16").Signal;
        Assert.Throws<ArgumentException>(() => Extractor.ExtractVector(signal, new float[2375]));
    }

    [RequiresFact(Requirement.SharedData)]
    public void CoefficientLayoutTransposesTheMfccBlock()
    {
        var signal = LibrosaFixture.Get("03-01-05-02-01-01-01").Signal;
        var byFrame = Extractor.ExtractVector(signal);
        var byCoefficient = new FeatureExtractor(FeatureSpec.Seed with { Layout = FeatureLayout.ZcrRmsMfccByCoefficient }).ExtractVector(signal);
        Assert.Equal(byFrame.AsSpan(0, 216).ToArray(), byCoefficient.AsSpan(0, 216).ToArray());
        for (var t = 0; t < 108; t++)
            for (var c = 0; c < 20; c++)
                Assert.Equal(byFrame[216 + t * 20 + c], byCoefficient[216 + c * 108 + t]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ConcurrentCallsGiveTheSameVectorsAsSequentialOnes()
    {
        var signals = LibrosaFixture.Names().Select(n => LibrosaFixture.Get((string)n[0]).Signal).ToArray();
        var sequential = signals.Select(s => Extractor.ExtractVector(s)).ToArray();
        var parallel = new float[signals.Length * 4][];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => parallel[i] = Extractor.ExtractVector(signals[i % signals.Length]));
        for (var i = 0; i < parallel.Length; i++)
            Assert.Equal(sequential[i % signals.Length], parallel[i]);
    }

    [RequiresFact(Requirement.SharedData)]
    public void MfccFrameAndMatrixViewsAgree()
    {
        var frames = Extractor.Extract(LibrosaFixture.Get("03-01-02-01-01-02-01").Signal);
        var matrix = frames.MfccMatrix();
        Assert.Equal(20, matrix.GetLength(0));
        Assert.Equal(108, matrix.GetLength(1));
        var frame = frames.MfccFrame(7).ToArray();
        for (var c = 0; c < 20; c++)
            Assert.Equal(matrix[c, 7], frame[c]);
        Assert.Throws<ArgumentOutOfRangeException>(() => frames.MfccFrame(108).ToArray());
    }
}

public class MfccDeltaTests
{
    [Fact]
    public void DeltasOfARampAreItsSlopeEverywhere()
    {
        // A linear ramp per coefficient has derivative equal to its slope, edges included (mode='interp').
        var mfcc = new float[30 * 2];
        for (var t = 0; t < 30; t++)
        {
            mfcc[t * 2] = 3f * t - 7f;
            mfcc[t * 2 + 1] = -0.5f * t;
        }
        var frames = new FeatureFrames(30, new float[30], new float[30], mfcc, 2, [], [], 0);
        var deltas = frames.MfccDeltas();
        for (var t = 0; t < 30; t++)
        {
            Assert.Equal(3f, deltas[t * 2], 1e-5f);
            Assert.Equal(-0.5f, deltas[t * 2 + 1], 1e-5f);
        }
    }

    [RequiresFact(Requirement.SharedData)]
    public void DeltasOfRealMfccsAreWeightedDifferencesOfNeighbours()
    {
        var frames = new FeatureExtractor(FeatureSpec.Seed).Extract(LibrosaFixture.Get("03-01-03-01-02-02-04").Signal);
        var deltas = frames.MfccDeltas(5);
        // Interior frame 50, coefficient 3: (-2 x[48] - x[49] + x[51] + 2 x[52]) / 10.
        double M(int t) => frames.Mfcc[t * 20 + 3];
        Assert.Equal((-2 * M(48) - M(49) + M(51) + 2 * M(52)) / 10, deltas[50 * 20 + 3], 1e-4);
        // Frame 0 uses the first full window, centred on frame 2.
        Assert.Equal(deltas[2 * 20 + 3], deltas[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => frames.MfccDeltas(4));
    }
}
