using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Turns a float32 ONNX model written by <see cref="OnnxExporter"/> into an int8 one that ONNX Runtime runs with its
/// quantised convolution kernels (<c>QLinearConv</c>): static quantisation in the QDQ format, calibrated on real input rows.
/// </summary>
/// <remarks>
/// Every <c>Conv</c> with more than one input channel is quantised: weights per output channel, symmetric, in 7 bits
/// (see <see cref="WeightLevels"/>); its input and output (after a directly following <c>Relu</c>) per tensor, asymmetric
/// uint8, with ranges from the calibration rows. Everything else (the first convolution, batch norms, pooling, dense
/// layers, softmax) stays float32. Input, output, shapes and metadata are kept, so the result replaces the original.
/// </remarks>
public static class OnnxQuantizer
{
    /// <summary>
    /// Largest magnitude of a quantised weight (63, i.e. 7 bits). ONNX Runtime's AVX2 kernels add pairs of uint8×int8
    /// products in 16 bits; with 8-bit weights such a pair can overflow (2·255·127 &gt; 32,767), with 7 bits it cannot.
    /// </summary>
    public const int WeightLevels = 63;

    /// <summary>Quantises <paramref name="model"/> (ONNX protobuf bytes) and returns the int8 model's bytes.</summary>
    /// <param name="model">A float32 model written by <see cref="OnnxExporter"/>, input <c>[batch, length]</c>.</param>
    /// <param name="calibrationRows">
    /// Real input rows (exactly as the model sees them, e.g. scaled features) whose activations set the quantisation
    /// ranges; a few hundred rows covering every class and loud, strong-intensity speech: rows louder than any calibration row are clipped.
    /// </param>
    /// <param name="cancellationToken">Stops calibration between batches.</param>
    /// <exception cref="ArgumentException">No rows, rows of the wrong length, or a model without a convolution to quantise.</exception>
    /// <exception cref="NotSupportedException">The model holds tensors this quantiser cannot read (not raw float32 data).</exception>
    public static byte[] Quantize(byte[] model, IReadOnlyList<float[]> calibrationRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibrationRows);
        var proto = ModelProto.Parser.ParseFrom(model);
        // Both rewrites keep the float results; they only let ONNX Runtime keep pooling in the fast uint8 channels-last kernels.
        Conv1dLifting.TryLift(proto.Graph);
        PoolBeforeNorm.Apply(proto.Graph);
        var targets = QdqRewriter.FindTargets(proto.Graph);
        if (targets.Count == 0)
            throw new ArgumentException("The model has no convolution with more than one input channel to quantise.", nameof(model));
        var ranges = ActivationCalibrator.Measure(proto, targets.SelectMany(t => new[] { t.Input, t.Output }).Distinct().ToList(),
            calibrationRows, cancellationToken);
        QdqRewriter.Rewrite(proto.Graph, targets, ranges);
        return proto.ToByteArray();
    }

    /// <summary>
    /// The model with its ONNX graph quantised to int8 (scaler, labels, feature spec and metrics kept; provenance gains
    /// <c>quantization</c>). Metrics were measured on the float model; re-evaluate the result to know its own.
    /// </summary>
    /// <param name="model">A model whose graph was written by <see cref="OnnxExporter"/>.</param>
    /// <param name="calibrationFeatures">
    /// Unscaled feature vectors of real clips (as <c>FeatureExtractor.ExtractVector</c> returns them); the model's scaler
    /// is applied to copies.
    /// </param>
    /// <param name="cancellationToken">Stops calibration between batches.</param>
    public static EmotionModel Quantize(EmotionModel model, IReadOnlyList<float[]> calibrationFeatures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibrationFeatures);
        if (model.FeatureSpec.IsVariableLength)
            throw new NotSupportedException("int8 quantisation is calibrated on fixed-length rows; an utterance model reads frames of any length and stays float32.");
        var scaled = calibrationFeatures.Select(row =>
        {
            var copy = (float[])row.Clone();
            if (copy.Length == model.FeatureSpec.VectorLength)
                model.Scale(copy);
            return copy;
        }).ToList();
        var quantised = Quantize(model.OnnxModel, scaled, cancellationToken);
        return model.WithOnnxModel(quantised, new Dictionary<string, string>
        {
            ["quantization"] = $"int8 QDQ: convolutions with per-channel {WeightLevels}-level weights, uint8 activations " +
                $"calibrated on {scaled.Count} clips",
        });
    }
}
