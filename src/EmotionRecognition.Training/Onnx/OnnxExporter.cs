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

    internal static ModelProto BuildModel(nn.Module<Tensor, Tensor> model, int inputLength, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        options ??= new OnnxExportOptions();
        options.Validate();

        var graph = new GraphProto { Name = options.GraphName };
        graph.Input.Add(OnnxGraphBuilder.BatchedFloatValue(options.InputName, [inputLength]));
        var lowering = new ModuleLowering(new OnnxGraphBuilder(graph), options.InputName, [inputLength], options.Opset);
        using (no_grad())
            lowering.Lower(model);
        lowering.Finish(options.OutputName, options.AppendSoftmax);
        graph.Output.Add(OnnxGraphBuilder.BatchedFloatValue(options.OutputName, lowering.Shape));

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
