using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;
using EmotionRecognition.Training.Networks;
using EmotionRecognition.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Benchmarks.Inference;

/// <summary>
/// The seed CNN at batch 1 in ONNX Runtime: the float32 export against its int8 version from <see cref="OnnxQuantizer"/>,
/// on one and two intra-op threads, scoring real RAVDESS rows. Run both precisions in one go so they share the machine's
/// conditions; the ratio is the result that carries over to other machines.
/// </summary>
[Config(typeof(QuantizationConfig))]
[MemoryDiagnoser]
public class SeedCnnQuantizationBenchmarks
{
    private const int Clips = 24;

    private InferenceSession _session = null!;
    private float[][] _rows = null!;
    private int _next;

    /// <summary>Which graph runs.</summary>
    [Params("float32", "int8")]
    public string Precision { get; set; } = "float32";

    /// <summary>ONNX Runtime intra-op threads (the machine has two cores).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rows = StandardisedRows();
        using var seed = ModelFactory.Create(ModelKind.Seed, seed: 1);
        using var onnx = new MemoryStream();
        OnnxExporter.Export(seed, ModelFactory.SeedFeatureLength, onnx);
        var model = Precision == "int8" ? OnnxQuantizer.Quantize(onnx.ToArray(), _rows) : onnx.ToArray();
        using var options = new SessionOptions { IntraOpNumThreads = Threads };
        _session = new InferenceSession(model, options);
    }

    /// <summary>One clip's scaled features through the graph.</summary>
    [Benchmark]
    public float SeedCnnBatch1()
    {
        var row = _rows[_next++ % _rows.Length];
        using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["features"], [input], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    /// <summary>Seed features of every 50th RAVDESS clip, standardised per column as the trainer's scaler would.</summary>
    private static float[][] StandardisedRows()
    {
        var spec = FeatureSpec.Seed;
        var extractor = new FeatureExtractor(spec);
        var files = SharedData.RavdessFiles().Where((_, i) => i % 50 == 0).Take(Clips);
        var rows = files.Select(f => extractor.ExtractVector(AudioLoader.Load(f, spec.ToLoadOptions()).Samples)).ToArray();
        for (var c = 0; c < spec.VectorLength; c++)
        {
            var mean = rows.Average(r => r[c]);
            var deviation = Math.Sqrt(rows.Average(r => (r[c] - mean) * (r[c] - mean)));
            foreach (var row in rows)
                row[c] = deviation > 1e-12 ? (float)((row[c] - mean) / deviation) : 0f;
        }
        return rows;
    }

    private sealed class QuantizationConfig : ManualConfig
    {
        public QuantizationConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
