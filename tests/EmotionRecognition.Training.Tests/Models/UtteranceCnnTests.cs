using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using EmotionRecognition.TestData;
using EmotionRecognition.Training.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Models;

public sealed class UtteranceCnnTests
{
    private static readonly FeatureSpec Spec = FeatureSpec.Utterance;

    private static float[] RealUtterance(int index)
    {
        var clip = AudioLoader.Load(SharedData.RavdessFiles()[index], Spec.ToLoadOptions());
        return new FeatureExtractor(Spec).ExtractUtterance(clip.Samples);
    }

    private static UtteranceCnn TrainedLookingModel(int seed)
    {
        manual_seed(seed);
        var model = new UtteranceCnn(Spec.FrameWidth, [8, 16, 16, 32], EmotionLabels.Count, auxiliaryCount: 4);
        // Running statistics away from 0/1, so that the export's batch norm is really exercised.
        model.train();
        using (no_grad())
            for (var i = 0; i < 3; i++)
                model.call(randn(4, 120, Spec.FrameWidth) * 10 - 40).Dispose();
        model.eval();
        return model;
    }

    private static float[] Torch(nn.Module<Tensor, Tensor> model, float[] frames)
    {
        using var _ = no_grad();
        using var logits = model.call(tensor(frames, [1, frames.Length / Spec.FrameWidth, Spec.FrameWidth]));
        using var probabilities = nn.functional.softmax(logits, 1);
        return probabilities.data<float>().ToArray();
    }

    private static float[] Onnx(InferenceSession session, float[] frames)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(frames, [1, frames.Length / Spec.FrameWidth, Spec.FrameWidth]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [RequiresFact(Requirement.SharedData)]
    public void OneExportedGraphReadsRealUtterancesOfEveryLengthAsTorchSharpDoes()
    {
        using var model = TrainedLookingModel(3);
        using var stream = new MemoryStream();
        OnnxExporter.Export(model, Spec, stream);
        var onnx = stream.ToArray();
        OnnxHarness.AssertCheckerAccepts(onnx);
        using var session = OnnxHarness.Session(onnx);

        Assert.Equal([-1L, -1, Spec.FrameWidth], session.InputMetadata[session.InputNames[0]].Dimensions.Select(d => (long)d));
        var lengths = new HashSet<int>();
        foreach (var index in new[] { 3, 250, 777 })
        {
            var frames = RealUtterance(index);
            lengths.Add(frames.Length / Spec.FrameWidth);
            Assert.True(OnnxHarness.MaxAbsDifference(Torch(model, frames), Onnx(session, frames)) < 1e-4f);
        }
        Assert.Equal(3, lengths.Count);
    }

    [RequiresFact(Requirement.SharedData)]
    public void AnEnsembleGraphGivesTheMeanOfItsMembersProbabilities()
    {
        using var first = TrainedLookingModel(1);
        using var second = TrainedLookingModel(2);
        using var stream = new MemoryStream();
        OnnxExporter.ExportEnsemble([first, second], Spec, stream);
        var onnx = stream.ToArray();
        OnnxHarness.AssertCheckerAccepts(onnx);
        using var session = OnnxHarness.Session(onnx);

        var frames = RealUtterance(500);
        var expected = Torch(first, frames).Zip(Torch(second, frames), (a, b) => (a + b) / 2).ToArray();
        var single = Torch(first, frames);
        var actual = Onnx(session, frames);
        Assert.True(OnnxHarness.MaxAbsDifference(expected, actual) < 1e-4f);
        Assert.True(OnnxHarness.MaxAbsDifference(single, actual) > 1e-3f, "the second member must change the answer");
    }

    [RequiresFact(Requirement.SharedData)]
    public void CombinedGraphsWeighEveryMemberAlikeAndKeepingMembersGivesTheirMeanAlone()
    {
        using var first = TrainedLookingModel(1);
        using var second = TrainedLookingModel(2);
        using var third = TrainedLookingModel(3);
        var pair = Export(s => OnnxExporter.ExportEnsemble([first, second], Spec, s));
        var single = Export(s => OnnxExporter.Export(third, Spec, s, new OnnxExportOptions()));
        var combined = EnsembleGraph.Combine([OnnxHarness.Parse(pair), OnnxHarness.Parse(single)]);
        Assert.Equal(3, EnsembleGraph.Members(combined.Graph).Count);
        var onnx = Google.Protobuf.MessageExtensions.ToByteArray(combined);
        OnnxHarness.AssertCheckerAccepts(onnx);

        var frames = RealUtterance(700);
        var (a, b, c) = (Torch(first, frames), Torch(second, frames), Torch(third, frames));
        float[] Mean(params float[][] members) => Enumerable.Range(0, a.Length).Select(i => members.Average(m => m[i])).ToArray();
        float[] Run(EmotionRecognition.Onnx.Proto.ModelProto model)
        {
            using var session = OnnxHarness.Session(Google.Protobuf.MessageExtensions.ToByteArray(model));
            return Onnx(session, frames);
        }
        Assert.True(OnnxHarness.MaxAbsDifference(Mean(a, b, c), Run(combined)) < 1e-4f, "three members, a third each");
        Assert.True(OnnxHarness.MaxAbsDifference(Mean(a, c), Run(EnsembleGraph.Keep(combined, [0, 2]))) < 1e-4f);
        var alone = EnsembleGraph.Keep(combined, [1]);
        Assert.True(OnnxHarness.MaxAbsDifference(b, Run(alone)) < 1e-4f);
        Assert.Equal(combined.Graph.Initializer.Count, 3 * alone.Graph.Initializer.Count);
        Assert.Throws<ArgumentException>(() => EnsembleGraph.Keep(combined, [3]));
        Assert.Throws<ArgumentException>(() => EnsembleGraph.Keep(combined, [1, 1]));
    }

    private static byte[] Export(Action<Stream> export)
    {
        using var stream = new MemoryStream();
        export(stream);
        return stream.ToArray();
    }

    [RequiresFact(Requirement.SharedData)]
    public void BandNormalizationCentresEveryBandAndSharesOneScaleSoAnEmptyBandStaysNearZero()
    {
        var frames = RealUtterance(40);
        var count = frames.Length / Spec.FrameWidth;
        // The top 16 bands made constant, as a telephone channel leaves them.
        for (var t = 0; t < count; t++)
            Array.Fill(frames, -80f, t * Spec.FrameWidth + 48, 16);
        using var image = new SpectrogramImage(Spec.FrameWidth);
        using var normalization = new BandNormalization();
        using var _ = no_grad();
        using var normalized = normalization.call(image.call(tensor(frames, [1, count, Spec.FrameWidth])));

        using var bandMeans = normalized.mean([-1]);
        Assert.True(bandMeans.abs().max().item<float>() < 1e-4f);
        using var overall = normalized.pow(2).mean();
        Assert.InRange(overall.item<float>(), 0.999f, 1.001f);
        using var empty = normalized[.., .., 48..].abs().max();
        Assert.True(empty.item<float>() < 1e-4f, "a constant band normalises to zero, not to amplified noise");
    }

    [RequiresFact(Requirement.SharedData)]
    public void MeanMaxPoolingTakesTheMeanAndTheMaximumOverTimeOfTheBandMeans()
    {
        using var pooling = new MeanMaxPooling();
        using var input = tensor(new float[] { 1, 2, 3, 5, 1, 0 }, [1, 1, 2, 3]);
        using var pooled = pooling.call(input);
        // Two bands [1, 2, 3] and [5, 1, 0]: their mean per frame is [3, 1.5, 1.5], whose mean over time is 2 and maximum 3.
        Assert.Equal([2f, 3f], pooled.data<float>().ToArray());
    }
}
