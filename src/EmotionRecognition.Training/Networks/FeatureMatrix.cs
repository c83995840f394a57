using EmotionRecognition.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Rearranges a flat feature vector into a one-channel image of <c>[rows = 2 + MFCCs, frames]</c>:
/// ZCR, RMS, then the MFCC coefficients, each a row over time.
/// </summary>
/// <remarks>
/// A fixed gather is used instead of slicing so the same permutation lowers to one ONNX Gather;
/// models stay independent of the vector layout the model's <see cref="FeatureSpec"/> names.
/// </remarks>
internal sealed class FeatureMatrix : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _order;

    public FeatureMatrix(int mfccCount, int frameCount, FeatureLayout layout) : base(nameof(FeatureMatrix))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mfccCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        Rows = 2 + mfccCount;
        Frames = frameCount;
        Order = SourceIndices(mfccCount, frameCount, layout);
        _order = tensor(Order);
    }

    /// <summary>Rows of the matrix: ZCR, RMS and one per MFCC coefficient.</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix: one per analysis frame.</summary>
    public int Frames { get; }

    /// <summary>For each matrix cell in row-major order, the index of the vector element it takes.</summary>
    public long[] Order { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.shape.Length != 2 || input.shape[1] != Order.Length)
            throw new ArgumentException($"Expected [batch, {Order.Length}] feature vectors but got [{string.Join(", ", input.shape)}].", nameof(input));
        return input.index_select(1, _order).view(-1, 1, Rows, Frames);
    }

    internal static long[] SourceIndices(int mfccCount, int frameCount, FeatureLayout layout)
    {
        var rows = 2 + mfccCount;
        var order = new long[rows * frameCount];
        for (var t = 0; t < frameCount; t++)
        {
            order[t] = t;
            order[frameCount + t] = frameCount + t;
            for (var c = 0; c < mfccCount; c++)
            {
                var offset = layout == FeatureLayout.ZcrRmsMfccByFrame ? t * mfccCount + c : c * frameCount + t;
                order[(2 + c) * frameCount + t] = 2L * frameCount + offset;
            }
        }
        return order;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _order.Dispose();
        base.Dispose(disposing);
    }
}
