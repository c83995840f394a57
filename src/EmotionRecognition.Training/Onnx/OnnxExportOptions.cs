namespace EmotionRecognition.Onnx;

/// <summary>Settings for <see cref="OnnxExporter"/>. The defaults suit the emotion classifiers.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>The lowest ONNX operator set the exporter can write (Softmax and Reshape semantics change before it).</summary>
    public const int MinimumOpset = 13;

    /// <summary>The highest ONNX operator set the exporter can write.</summary>
    public const int MaximumOpset = 21;

    /// <summary>The default ONNX operator set version (17).</summary>
    public const int DefaultOpset = 17;

    /// <summary>The ONNX operator set version of the default domain, between <see cref="MinimumOpset"/> and <see cref="MaximumOpset"/>.</summary>
    public int Opset { get; init; } = DefaultOpset;

    /// <summary>The graph's name.</summary>
    public string GraphName { get; init; } = "EmotionRecognition";

    /// <summary>The producer name stored in the model.</summary>
    public string ProducerName { get; init; } = "EmotionRecognition";

    /// <summary>The producer version stored in the model; defaults to this library's version.</summary>
    public string ProducerVersion { get; init; } =
        typeof(OnnxExportOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The name of the graph input, a float tensor of shape [batch, input length].</summary>
    public string InputName { get; init; } = "features";

    /// <summary>The name of the graph output.</summary>
    public string OutputName { get; init; } = "probabilities";

    /// <summary>
    /// Key–value pairs stored as the model's <c>metadata_props</c>, e.g. label names and the feature specification.
    /// ONNX Runtime exposes them as <c>ModelMetadata.CustomMetadataMap</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether a Softmax over the last axis follows the model, so the output holds probabilities instead of logits.</summary>
    public bool AppendSoftmax { get; init; } = true;

    /// <summary>The IR version that goes with <see cref="Opset"/>: the oldest that allows it, so older readers still load the file.</summary>
    internal long IrVersion => Opset switch
    {
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Opset, MinimumOpset, nameof(Opset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Opset, MaximumOpset, nameof(Opset));
        ArgumentException.ThrowIfNullOrWhiteSpace(InputName, nameof(InputName));
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputName, nameof(OutputName));
        ArgumentNullException.ThrowIfNull(Metadata, nameof(Metadata));
        if (InputName == OutputName)
            throw new ArgumentException("The input and output names must differ.", nameof(OutputName));
    }
}
