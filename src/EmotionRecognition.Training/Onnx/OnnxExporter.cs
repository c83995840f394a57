using EmotionRecognition.IO;
using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;
using static TorchSharp.torch;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Writes a TorchSharp model as an ONNX file for inference (ONNX Runtime, ML.NET). The model must be a chain of
/// standard layers, usually a <c>Sequential</c>: Unflatten, Conv1d/Conv2d, BatchNorm1d/BatchNorm2d, ReLU,
/// ConstantPad1d/ConstantPad2d, MaxPool1d/MaxPool2d, AdaptiveAvgPool1d/AdaptiveAvgPool2d (to size 1), Flatten, Linear,
/// Softmax, Dropout and Identity. The graph takes a float tensor [batch, input length] with a dynamic batch dimension.
/// </summary>
/// <remarks>
/// The export always describes inference: BatchNorm uses its running statistics and Dropout vanishes, whatever the
/// module's training flag. Parameters are stored as float32. The model itself is not modified.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>Writes <paramref name="model"/> as ONNX to <paramref name="output"/>.</summary>
    /// <param name="model">The model; a <c>Sequential</c> of supported layers, or one supported layer.</param>
    /// <param name="inputLength">The length of one input row (the model's input is [batch, inputLength]).</param>
    /// <param name="output">The stream the ONNX protobuf bytes are written to; it stays open.</param>
    /// <param name="options">Names, operator set, metadata and whether Softmax is appended; <c>null</c> for defaults.</param>
    /// <exception cref="NotSupportedException">The model contains a layer, or a layer setting, that has no ONNX mapping here.</exception>
    /// <exception cref="ArgumentException">The layers do not fit together for the given input length.</exception>
    public static void Export(nn.Module<Tensor, Tensor> model, int inputLength, Stream output, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        BuildModel(model, inputLength, options).WriteTo(output);
    }

    /// <summary>Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/>, replacing any existing file.</summary>
    /// <param name="model">The model; a <c>Sequential</c> of supported layers, or one supported layer.</param>
    /// <param name="inputLength">The length of one input row (the model's input is [batch, inputLength]).</param>
    /// <param name="path">The file to write.</param>
    /// <param name="options">Names, operator set, metadata and whether Softmax is appended; <c>null</c> for defaults.</param>
    /// <exception cref="NotSupportedException">The model contains a layer, or a layer setting, that has no ONNX mapping here.</exception>
    /// <exception cref="ArgumentException">The layers do not fit together for the given input length.</exception>
    public static void Export(nn.Module<Tensor, Tensor> model, int inputLength, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // Build first so that a failed export leaves no half-written file behind.
        var proto = BuildModel(model, inputLength, options);
        AtomicFile.Write(path, (Stream file) => proto.WriteTo(file));
    }

    /// <summary>
    /// Writes <paramref name="model"/> as ONNX for inputs laid out as <paramref name="spec"/> says: <c>[batch, VectorLength]</c> for
    /// fixed-length layouts, <c>[batch, frames, FrameWidth]</c> with a symbolic <c>frames</c> axis for variable-length ones.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="spec">The features the model reads.</param>
    /// <param name="output">The stream the ONNX protobuf bytes are written to; it stays open.</param>
    /// <param name="options">Names, operator set, metadata and whether Softmax is appended; <c>null</c> for defaults.</param>
    /// <exception cref="NotSupportedException">The model contains a layer that has no ONNX mapping here.</exception>
    /// <exception cref="ArgumentException">The layers do not fit the spec's input.</exception>
    public static void Export(nn.Module<Tensor, Tensor> model, Features.FeatureSpec spec, Stream output, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        var proto = spec.IsVariableLength
            ? BuildModel(model, [NominalFrames, spec.FrameWidth], FramesAxis, options)
            : BuildModel(model, spec.VectorLength, options);
        proto.WriteTo(output);
    }

    /// <summary>The symbolic name of a variable-length input's time axis.</summary>
    public const string FramesAxis = "frames";

    // Shapes are tracked through the layers at this frame count; the graph itself takes any count (2 s at 10 ms frames).
    private const int NominalFrames = 200;

    internal static ModelProto BuildModel(nn.Module<Tensor, Tensor> model, int inputLength, OnnxExportOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        return BuildModel(model, [inputLength], null, options);
    }

    private static ModelProto BuildModel(nn.Module<Tensor, Tensor> model, long[] inputShape, string? firstDimParam, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Validate();

        var graph = new GraphProto { Name = options.GraphName };
        graph.Input.Add(OnnxGraphBuilder.BatchedFloatValue(options.InputName, inputShape, firstDimParam));
        var lowering = new ModuleLowering(new OnnxGraphBuilder(graph), options.InputName, inputShape, options.Opset);
        using (no_grad())
            lowering.Lower(model);
        lowering.Finish(options.OutputName, options.AppendSoftmax);
        graph.Output.Add(OnnxGraphBuilder.BatchedFloatValue(options.OutputName, lowering.Shape));
        return Wrap(graph, options);
    }

    /// <summary>
    /// Writes several models of one input as a single ONNX graph whose output is the mean of their probabilities (an ensemble, e.g.
    /// of the models of cross-validation folds). Every member reads the same input; each ends in its own Softmax.
    /// </summary>
    /// <param name="members">The models, at least two, all mapping the spec's input to logits of one class count.</param>
    /// <param name="spec">The features they read.</param>
    /// <param name="output">The stream the ONNX protobuf bytes are written to; it stays open.</param>
    /// <param name="options">Names, operator set and metadata; <see cref="OnnxExportOptions.AppendSoftmax"/> must stay on.</param>
    /// <exception cref="ArgumentException">Fewer than two members, members with different outputs, or Softmax turned off.</exception>
    public static void ExportEnsemble(IReadOnlyList<nn.Module<Tensor, Tensor>> members, Features.FeatureSpec spec, Stream output, OnnxExportOptions? options = null) =>
        ExportEnsemble(members, spec, output, options, rescale: null);

    /// <summary>
    /// As the public overload, with an affine map per member (<c>x·Factor + Offset</c>, per feature of a row or frame) put in front of
    /// it: members trained with their own scalers then read input scaled with the first one's exactly as they were trained to.
    /// </summary>
    internal static void ExportEnsemble(IReadOnlyList<nn.Module<Tensor, Tensor>> members, Features.FeatureSpec spec, Stream output, OnnxExportOptions? options,
        IReadOnlyList<(float[] Factor, float[] Offset)?>? rescale)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        if (members.Count < 2) throw new ArgumentException("An ensemble needs at least two members.", nameof(members));
        options ??= new OnnxExportOptions();
        options.Validate();
        if (!options.AppendSoftmax) throw new ArgumentException("An ensemble averages probabilities, so AppendSoftmax must stay on.", nameof(options));
        long[] inputShape = spec.IsVariableLength ? [NominalFrames, spec.FrameWidth] : [spec.VectorLength];
        var graph = new GraphProto { Name = options.GraphName };
        graph.Input.Add(OnnxGraphBuilder.BatchedFloatValue(options.InputName, inputShape, spec.IsVariableLength ? FramesAxis : null));
        var builder = new OnnxGraphBuilder(graph);
        var outputs = new List<string>();
        long[]? shape = null;
        for (var i = 0; i < members.Count; i++)
        {
            var input = rescale?[i] is { } map ? Rescaled(builder, options.InputName, $"member{i}", map) : options.InputName;
            var lowering = new ModuleLowering(builder, input, inputShape, options.Opset);
            using (no_grad())
                lowering.Lower(members[i] ?? throw new ArgumentException("A member is null.", nameof(members)), $"member{i}");
            lowering.Finish($"member{i}_probabilities", appendSoftmax: true);
            if (shape is not null && !shape.SequenceEqual(lowering.Shape))
                throw new ArgumentException($"Member {i} gives [{string.Join(", ", lowering.Shape)}], member 0 [{string.Join(", ", shape)}].", nameof(members));
            shape = lowering.Shape;
            outputs.Add($"member{i}_probabilities");
        }
        builder.AddNode("Mean", "/ensemble/mean", outputs, options.OutputName);
        graph.Output.Add(OnnxGraphBuilder.BatchedFloatValue(options.OutputName, shape!));
        Wrap(graph, options).WriteTo(output);
    }

    private static string Rescaled(OnnxGraphBuilder builder, string input, string member, (float[] Factor, float[] Offset) map)
    {
        var factor = builder.AddFloatInitializer($"/{member}/rescale/factor", map.Factor, [map.Factor.Length]);
        var offset = builder.AddFloatInitializer($"/{member}/rescale/offset", map.Offset, [map.Offset.Length]);
        var scaled = builder.AddNode("Mul", $"/{member}/rescale/mul", [input, factor]);
        return builder.AddNode("Add", $"/{member}/rescale/add", [scaled, offset]);
    }

    private static ModelProto Wrap(GraphProto graph, OnnxExportOptions options)
    {
        var proto = new ModelProto
        {
            IrVersion = options.IrVersion,
            ProducerName = options.ProducerName,
            ProducerVersion = options.ProducerVersion,
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = options.Opset });
        foreach (var (key, value) in options.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }
}
