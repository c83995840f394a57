using EmotionRecognition.Training.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Onnx;

/// <summary>The model stacks the exporter must handle, built here from standard TorchSharp layers.</summary>
internal static class TestModels
{
    public const int FeatureLength = 2376;
    public const int Classes = 7;

    /// <summary>The product's seed 1-D CNN (Keras port), exactly as training builds it.</summary>
    public static Sequential SeedCnn() => ModelFactory.Create(ModelKind.Seed, FeatureLength, Classes);

    /// <summary>
    /// A small 1-D model with the settings the seed CNN lacks: an even "same" kernel (asymmetric padding), a finite
    /// constant pad (a real Pad node), ceil-mode pooling, stride and dilation, a Linear over the last axis of a 3-D
    /// value, and global average pooling.
    /// </summary>
    public static Sequential Matrix() => ModelFactory.Create(ModelKind.Matrix, FeatureLength, Classes);

    public static Sequential Small1d() => nn.Sequential(
        nn.Unflatten(1, [1, FeatureLength]),
        nn.Conv1d(1, 8, 4, Padding.Same), nn.ReLU(), nn.BatchNorm1d(8, eps: 1e-3),
        nn.ConstantPad1d((1, 1), 0.25), nn.MaxPool1d(3, stride: 2, ceil_mode: true),
        nn.Conv1d(8, 16, 3, stride: 2, padding: 1, dilation: 2), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(594, 12), nn.ReLU(),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(16, Classes));

    /// <summary>
    /// A small 2-D model over a [108 × 22] view of the row: two unflattens, a nested Sequential, "same" and explicit
    /// 2-D convolutions, a -inf ConstantPad2d folded into MaxPool2d, and global average pooling.
    /// </summary>
    public static Sequential Small2d() => nn.Sequential(
        ("view", nn.Unflatten(1, [1, FeatureLength])),
        ("image", nn.Unflatten(2, [108, -1])),
        ("block", nn.Sequential(
            nn.Conv2d(1, 8, 3, Padding.Same), nn.ReLU(), nn.BatchNorm2d(8, eps: 1e-3),
            nn.ConstantPad2d((0, 1, 1, 0), double.NegativeInfinity), nn.MaxPool2d((2, 2), stride: (2, 2)))),
        ("conv", nn.Conv2d(8, 16, (3, 5), stride: (1, 2), padding: (1, 2))),
        ("relu", nn.ReLU()),
        ("pool", nn.MaxPool2d((3, 3), stride: (2, 2), padding: (1, 1))),
        ("gap", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten()),
        ("dense", nn.Linear(16, Classes)));

    /// <summary>
    /// Gives every BatchNorm non-trivial running statistics (train-mode passes over real rows) and a non-identity
    /// affine transform, then switches to eval mode, so that the export is tested on statistics that matter.
    /// </summary>
    public static void Prepare(nn.Module<Tensor, Tensor> model, float[] rows, int batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.train();
        var x = tensor(rows, [batch, rows.Length / batch]);
        for (var pass = 0; pass < 2; pass++)
            model.forward(x);
        foreach (var module in model.modules().OfType<BatchNorm>())
        {
            module.weight!.uniform_(0.5, 1.5);
            module.bias!.normal_(0, 0.2);
        }
        model.eval();
        SpreadLogits(model, x);
    }

    /// <summary>
    /// Scales the last Linear layer so the largest logit on the rows is 4: a trained classifier's confident range,
    /// where the softmax is far from uniform and errors in the logits show in the probabilities.
    /// </summary>
    private static void SpreadLogits(nn.Module<Tensor, Tensor> model, Tensor rows)
    {
        var last = model.modules().OfType<Linear>().Last();
        var largest = model.forward(rows).abs().max().item<float>();
        last.weight!.mul_(4 / largest);
        last.bias?.mul_(4 / largest);
    }

    /// <summary>TorchSharp's eval-mode output for a [batch, length] input, softmaxed when asked.</summary>
    public static float[] Forward(nn.Module<Tensor, Tensor> model, float[] rows, int batch, bool softmax)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var output = model.forward(tensor(rows, [batch, rows.Length / batch]));
        if (softmax)
            output = output.softmax(-1);
        return output.data<float>().ToArray();
    }
}
