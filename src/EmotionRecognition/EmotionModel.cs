using System.IO.Compression;
using System.Text.Json;
using EmotionRecognition.ModelFile;
using EmotionRecognition.Features;
using EmotionRecognition.Pipeline;
using Microsoft.ML;

namespace EmotionRecognition;

/// <summary>
/// Everything inference needs, in one file: the ONNX graph, the fitted standard scaler's statistics, the label order, the
/// <see cref="Features.FeatureSpec"/>, and the training provenance and metrics.
/// </summary>
/// <remarks>
/// A model is a zip archive of data only (JSON and an ONNX protobuf); nothing in it is code. Its <c>manifest.json</c> records
/// the format version and the SHA-256 of every other entry, and <see cref="Load(string)"/> refuses a model whose entries are
/// missing, unexpected, oversized or do not match their checksums. Loading a model of the current format needs no ML.NET; a
/// format-1 model (whose scaler is an ML.NET model archive) is converted as it is read, and <see cref="Save(string)"/> always
/// writes the current format.
/// </remarks>
public sealed class EmotionModel
{
    /// <summary>The model format version this library writes (it also reads format 1).</summary>
    public const int FormatVersion = 2;

    /// <summary>The first format, whose scaler is an ML.NET model archive: still read, no longer written.</summary>
    internal const int LegacyFormatVersion = 1;

    /// <summary>The format name stored in every manifest.</summary>
    internal const string FormatName = "EmotionRecognition.ModelBundle"; // the on-disk format name, kept from 0.1

    internal const string ManifestEntry = "manifest.json";
    internal const string OnnxEntry = "model.onnx";
    internal const string SpecEntry = "feature-spec.json";
    internal const string LabelsEntry = "labels.json";
    internal const string ScalerStatisticsEntry = "scaler.json";
    internal const string LegacyScalerEntry = "scaler.mlnet.zip";
    internal const string ProvenanceEntry = "provenance.json";
    internal const string MetricsEntry = "metrics.json";

    /// <summary>The entries every format requires besides its scaler entry.</summary>
    internal static readonly string[] CommonEntries = [OnnxEntry, SpecEntry, LabelsEntry, ProvenanceEntry];

    // No legitimate part comes near this; a larger claim is a damaged or hostile archive.
    private const long MaxEntryBytes = 256L * 1024 * 1024;
    private const long MaxTotalBytes = 512L * 1024 * 1024;
    private const long MaxManifestBytes = 1024 * 1024;

    /// <summary>The column the scaler reads and writes.</summary>
    internal const string FeaturesColumn = "Features";

    private readonly ScalerStatistics _scaler;

    private EmotionModel(byte[] onnxModel, FeatureSpec spec, IReadOnlyList<string> labels, ScalerStatistics scaler,
        IReadOnlyDictionary<string, string> provenance, string? metricsJson, string inputName, string outputName)
    {
        OnnxModel = onnxModel;
        FeatureSpec = spec;
        Labels = labels;
        _scaler = scaler;
        Provenance = provenance;
        MetricsJson = metricsJson;
        InputName = inputName;
        OutputName = outputName;
    }

    /// <summary>How audio becomes the model's input vector.</summary>
    public FeatureSpec FeatureSpec { get; }

    /// <summary>The class labels in the order of the model's outputs.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The ONNX graph's input name (a <c>[batch, FeatureSpec.VectorLength]</c> float tensor).</summary>
    public string InputName { get; }

    /// <summary>The ONNX graph's output name (a <c>[batch, Labels.Count]</c> tensor of probabilities).</summary>
    public string OutputName { get; }

    /// <summary>How the model was trained: corpus, split, model kind, epochs, seed, library version, date.</summary>
    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>The evaluation report written at training time (JSON), if any.</summary>
    public string? MetricsJson { get; }

    /// <summary>The ONNX model bytes.</summary>
    internal byte[] OnnxModel { get; }

    /// <summary>The scaler's offsets: scaled = (x - mean) * scale.</summary>
    internal float[] ScalerMean => _scaler.Mean;

    /// <summary>The scaler's factors (1 / standard deviation; 0 for a constant feature).</summary>
    internal float[] ScalerScale => _scaler.Scale;

    /// <summary>Reads a model from a file and checks its integrity.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="EmotionModelLoadException">The file is not a usable model.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static EmotionModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a model from a stream (left open) and checks its integrity.</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <param name="sourceName">A label for error messages.</param>
    /// <exception cref="EmotionModelLoadException">The data is not a usable model.</exception>
    public static EmotionModel Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = sourceName ?? "model stream";
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var manifest = ReadManifest(zip, source);
            var entries = ReadEntries(zip, manifest, source);
            manifest.Verify(entries, source);
            return FromEntries(entries, manifest, source);
        }
        catch (InvalidDataException e)
        {
            throw new EmotionModelLoadException(source, "is not a model (not a readable zip archive).", e);
        }
    }

    /// <summary>Writes the model to a file, atomically: a file already at <paramref name="path"/> is replaced only once the new
    /// model is complete on disk, so an interrupted save leaves the old one intact.</summary>
    /// <param name="path">The file to write.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IO.AtomicFile.Write(path, (Stream stream) => Save(stream));
    }

    /// <summary>Writes the model to a stream (left open).</summary>
    /// <param name="stream">Where to write.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var entries = new Dictionary<string, byte[]>
        {
            [OnnxEntry] = OnnxModel,
            [SpecEntry] = System.Text.Encoding.UTF8.GetBytes(FeatureSpec.ToJson()),
            [LabelsEntry] = JsonSerializer.SerializeToUtf8Bytes(Labels.ToArray(), ModelJsonContext.Default.StringArray),
            [ScalerStatisticsEntry] = _scaler.ToJson(),
            [ProvenanceEntry] = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>(Provenance), ModelJsonContext.Default.DictionaryStringString),
        };
        if (MetricsJson is not null) entries[MetricsEntry] = System.Text.Encoding.UTF8.GetBytes(MetricsJson);
        var manifest = ModelManifest.Describe(entries, InputName, OutputName);

        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Write(zip, ManifestEntry, manifest);
        foreach (var (name, bytes) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            Write(zip, name, bytes);
    }

    /// <summary>Writes the model's ONNX graph alone (input <see cref="InputName"/>, output <see cref="OutputName"/>), for other runtimes.</summary>
    /// <param name="path">The .onnx file to write.</param>
    public void SaveOnnx(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllBytes(path, OnnxModel);
    }

    /// <summary>The fitted standard scaler as an ML.NET mean/variance normaliser (reads and writes the <c>Features</c> column),
    /// rebuilt from the model's statistics.</summary>
    /// <param name="mlContext">The ML.NET context to build it in.</param>
    /// <remarks>Its output equals the classifier's scaling to float rounding (ML.NET makes normalisers only by fitting; see
    /// docs/inference.md, "Model format").</remarks>
    public ITransformer LoadScaler(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return MlNetScaler.Create(mlContext, _scaler);
    }

    /// <summary>
    /// The complete ML.NET pipeline of this model, fitted and ready to <c>Transform</c>: <c>LoadAudio</c> (text column of file
    /// paths) → <c>ExtractSpeechFeatures</c> → the model's scaler → the ONNX model (<c>ApplyOnnxModel</c>) → a
    /// <c>Probabilities</c> column (one value per label, in <see cref="Labels"/> order) and a <c>PredictedLabel</c> text column.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="inputColumnName">The column holding audio file paths.</param>
    /// <remarks>
    /// Its results equal <see cref="EmotionClassifier"/>'s; the classifier is the faster road for single files and streams. For
    /// the seed feature spec and the seven emotions every step carries a contract name, so <c>MLContext.Model.Save</c> writes the
    /// whole pipeline and <c>MLContext.Model.Load</c> reads it back after
    /// <c>mlContext.ComponentCatalog.RegisterAssembly(typeof(EmotionClassifier).Assembly)</c>.
    /// </remarks>
    public ITransformer CreatePipeline(MLContext mlContext, string inputColumnName = "Path")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(inputColumnName);
        return Pipeline.EmotionPipeline.Create(this, mlContext, inputColumnName);
    }

    /// <summary>
    /// Applies the scaler in place: <c>x = (x - mean) * scale</c>, equal to the ML.NET transformer's output; for a variable-length
    /// spec, frame by frame (the scaler holds one mean and scale per band).
    /// </summary>
    internal void Scale(Span<float> features) => ScaleFrames(features, ScalerMean, ScalerScale);

    /// <summary>Scales <paramref name="values"/> in place, in runs as long as <paramref name="mean"/> (one run for a fixed-length vector).</summary>
    internal static void ScaleFrames(Span<float> values, ReadOnlySpan<float> mean, ReadOnlySpan<float> scale)
    {
        if (values.Length % mean.Length != 0)
            throw new ArgumentException($"{values.Length} values are not whole frames of {mean.Length}.", nameof(values));
        for (var start = 0; start < values.Length; start += mean.Length)
        {
            var frame = values.Slice(start, mean.Length);
            System.Numerics.Tensors.TensorPrimitives.Subtract(frame, mean, frame);
            System.Numerics.Tensors.TensorPrimitives.Multiply(frame, scale, frame);
        }
    }

    /// <summary>Values the scaler reads: a whole vector, or one frame of a variable-length spec.</summary>
    internal static int ScalerLength(FeatureSpec spec) => spec.IsVariableLength ? spec.FrameWidth : spec.VectorLength;

    /// <summary>This model with another ONNX graph of the same input and output (e.g. its int8 version) and more provenance.</summary>
    internal EmotionModel WithOnnxModel(byte[] onnxModel, IReadOnlyDictionary<string, string> extraProvenance)
    {
        var provenance = new Dictionary<string, string>(Provenance);
        foreach (var (key, value) in extraProvenance)
            provenance[key] = value;
        return With(onnxModel, provenance, MetricsJson);
    }

    /// <summary>This model with another ONNX graph of the same input and output, other provenance and other metrics.</summary>
    internal EmotionModel With(byte[] onnxModel, IReadOnlyDictionary<string, string> provenance, string? metricsJson) =>
        new(onnxModel, FeatureSpec, Labels, _scaler, provenance, metricsJson, InputName, OutputName);

    /// <summary>Assembles a model from a trained model.</summary>
    /// <param name="onnxModel">The exported ONNX graph (input <c>[batch, VectorLength]</c>, output <c>[batch, labels]</c>).</param>
    /// <param name="spec">The feature spec the model was trained on.</param>
    /// <param name="labels">The label of each output.</param>
    /// <param name="scaler">The fitted ML.NET mean/variance normaliser of the <c>Features</c> column.</param>
    /// <param name="mlContext">The context the scaler was fitted in.</param>
    /// <param name="provenance">How the model was trained.</param>
    /// <param name="metricsJson">The evaluation report, if any.</param>
    /// <param name="inputName">The ONNX input name.</param>
    /// <param name="outputName">The ONNX output name.</param>
    internal static EmotionModel Create(byte[] onnxModel, FeatureSpec spec, IReadOnlyList<string> labels, ITransformer scaler, MLContext mlContext,
        IReadOnlyDictionary<string, string> provenance, string? metricsJson = null, string inputName = "features", string outputName = "probabilities")
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var statistics = MlNetScaler.Statistics(scaler, "trained scaler");
        statistics.CheckAgainst(ScalerLength(spec), "trained scaler");
        return new EmotionModel(onnxModel, spec, labels.ToArray(), statistics, provenance, metricsJson, inputName, outputName);
    }

    private static EmotionModel FromEntries(Dictionary<string, byte[]> entries, ModelManifest manifest, string source)
    {
        FeatureSpec spec;
        string[] labels;
        IReadOnlyDictionary<string, string> provenance;
        try
        {
            spec = FeatureSpec.FromJson(System.Text.Encoding.UTF8.GetString(entries[SpecEntry]));
        }
        catch (ArgumentException e)
        {
            // A spec no audio can satisfy (1 Hz, a clip shorter than a frame) is the model's fault; said now, not as every file's failure.
            throw new EmotionModelLoadException(source, $"its feature spec ({SpecEntry}) cannot be used: {e.Message}", e);
        }
        try
        {
            labels = JsonSerializer.Deserialize(entries[LabelsEntry], ModelJsonContext.Default.StringArray) ?? [];
            provenance = JsonSerializer.Deserialize(entries[ProvenanceEntry], ModelJsonContext.Default.DictionaryStringString) ?? [];
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new EmotionModelLoadException(source, $"a model entry is malformed: {e.Message}", e);
        }
        if (labels.Length < 2 || labels.Distinct().Count() != labels.Length)
            throw new EmotionModelLoadException(source, $"the label list must hold at least two distinct labels (found {labels.Length}).");

        var scaler = ReadScaler(entries, manifest, ScalerLength(spec), source);
        var metrics = entries.TryGetValue(MetricsEntry, out var m) ? System.Text.Encoding.UTF8.GetString(m) : null;
        return new EmotionModel(entries[OnnxEntry], spec, labels, scaler, provenance, metrics, manifest.InputName, manifest.OutputName);
    }

    /// <summary>The scaler statistics: plain data in the current format; converted from the ML.NET archive of a format-1 model
    /// (in a separate, never-inlined method, so that ML.NET is loaded only when such a model is read).</summary>
    private static ScalerStatistics ReadScaler(Dictionary<string, byte[]> entries, ModelManifest manifest, int length, string source)
    {
        if (!manifest.HasLegacyScaler)
            return ScalerStatistics.Parse(entries[ScalerStatisticsEntry], length, source);
        var statistics = MlNetScaler.ReadLegacy(entries[LegacyScalerEntry], source);
        statistics.CheckAgainst(length, source);
        return statistics;
    }

    /// <summary>Reads and parses manifest.json alone: nothing else is inflated before the manifest says what belongs.</summary>
    private static ModelManifest ReadManifest(ZipArchive zip, string source)
    {
        var manifests = zip.Entries.Where(e => e.FullName == ManifestEntry).ToArray();
        if (manifests.Length > 1)
            throw new EmotionModelLoadException(source, $"entry {ManifestEntry} appears twice.");
        return ModelManifest.Parse(manifests.Length == 0 ? null : Inflate(manifests[0], MaxManifestBytes, source), source);
    }

    /// <summary>
    /// Inflates the entries the manifest lists, each stopped as soon as it passes the size it declares, after checking
    /// that the archive holds nothing else and that the declared sizes stay within the caps: so a model costs at most
    /// <see cref="MaxTotalBytes"/> of memory however it is built.
    /// </summary>
    private static Dictionary<string, byte[]> ReadEntries(ZipArchive zip, ModelManifest manifest, string source)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!names.Add(entry.FullName))
                throw new EmotionModelLoadException(source, $"entry {entry.FullName} appears twice.");
            if (entry.FullName != ManifestEntry && !manifest.Entries.ContainsKey(entry.FullName))
                throw new EmotionModelLoadException(source, $"entry {entry.FullName} is not listed in the manifest.");
        }
        if (manifest.Entries.FirstOrDefault(e => e.Value.Bytes is < 0 or > MaxEntryBytes) is { Key: { } huge })
            throw new EmotionModelLoadException(source, $"entry {huge} claims more bytes than a model holds.");
        if (manifest.Entries.Sum(e => e.Value.Bytes) > MaxTotalBytes)
            throw new EmotionModelLoadException(source, $"its entries add up to more than {MaxTotalBytes / (1024 * 1024)} MB, more than a model holds.");
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName != ManifestEntry))
            entries.Add(entry.FullName, Inflate(entry, manifest.Entries[entry.FullName].Bytes, source));
        return entries;
    }

    private static byte[] Inflate(ZipArchiveEntry entry, long limit, string source)
    {
        if (entry.Length > limit)
            throw new EmotionModelLoadException(source, $"entry {entry.FullName} is damaged (it holds {entry.Length:N0} bytes; the manifest says {limit:N0}).");
        using var input = entry.Open();
        using var copy = new MemoryStream();
        // The declared length is not trusted: copy until the limit is passed, then stop.
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > limit)
                throw new EmotionModelLoadException(source, $"entry {entry.FullName} is damaged (it inflates to more than the {limit:N0} bytes the manifest says).");
        }
        return copy.ToArray();
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        // A fixed timestamp keeps models byte-identical for identical content.
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var output = entry.Open();
        output.Write(bytes);
    }
}
