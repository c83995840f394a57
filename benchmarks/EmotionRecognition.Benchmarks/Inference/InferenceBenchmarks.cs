using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EmotionRecognition.Audio;
using EmotionRecognition.Models;
using EmotionRecognition.Onnx;
using EmotionRecognition.TestData;
using EmotionRecognition.TestModel;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmotionRecognition.Benchmarks.Inference;

/// <summary>
/// Inference on one core: a whole 2.5 s clip through the classifier (features, scaling, ONNX) with the compact test model;
/// the seed CNN's ONNX graph alone at batch 1; and streaming 30 s of 48 kHz audio (resampling, 2.5 s windows every 1.25 s).
/// In-process, because the test model is trained with TorchSharp, whose native fix is applied to this project's output.
/// </summary>
[Config(typeof(InferenceConfig))]
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private const int StreamSeconds = 30;

    private string _directory = null!;
    private EmotionClassifier _classifier = null!;
    private float[] _clip = null!;
    private float[] _stream48k = null!;
    private InferenceSession _seedSession = null!;
    private float[] _seedInput = null!;

    /// <summary>ONNX Runtime intra-op threads for the seed CNN (the machine has two cores).</summary>
    [Params(1, 2)]
    public int SeedThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = SharedData.NewTempDirectory("inference-benchmark");
        var path = Path.Combine(_directory, "test.emotion");
        var files = TestModelBuilder.Build(path).Files;
        _classifier = EmotionClassifier.Load(path, new EmotionClassifierOptions { IntraOpThreads = 1 });
        _clip = AudioLoader.Load(files[0], _classifier.FeatureSpec.ToLoadOptions()).Samples;
        var speech = AudioLoader.Load(files[0], new AudioLoadOptions { SampleRate = 48000 }).Samples;
        _stream48k = Enumerable.Range(0, StreamSeconds * 48000).Select(i => speech[i % speech.Length]).ToArray();

        using var seed = ModelFactory.Create(ModelKind.Seed, seed: 1);
        using var onnx = new MemoryStream();
        OnnxExporter.Export(seed, ModelFactory.SeedFeatureLength, onnx);
        using var options = new SessionOptions { IntraOpNumThreads = SeedThreads };
        _seedSession = new InferenceSession(onnx.ToArray(), options);
        _seedInput = new float[ModelFactory.SeedFeatureLength];
        for (var i = 0; i < _seedInput.Length; i++) _seedInput[i] = (float)Math.Sin(i * 0.1);
    }

    /// <summary>Features + scaling + compact model for one 2.5 s clip already in memory.</summary>
    [Benchmark]
    public Emotion ClassifyClip() => _classifier.Classify(_clip, 22050).Emotion;

    /// <summary>The seed CNN (7.2 M parameters) exported by our exporter, batch 1.</summary>
    [Benchmark]
    public float SeedCnnOnnxBatch1()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_seedInput, [1, ModelFactory.SeedFeatureLength]);
        using var outputs = _seedSession.Run(new RunOptions(), ["features"], [input], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    /// <summary>30 s of 48 kHz audio pushed in 20 ms chunks: resampling, windowing and 23 classifications.</summary>
    [Benchmark]
    public int Stream30Seconds()
    {
        var live = _classifier.CreateStream(48000);
        var segments = 0;
        for (var at = 0; at < _stream48k.Length; at += 960)
            segments += live.Write(_stream48k.AsSpan(at, Math.Min(960, _stream48k.Length - at))).Count;
        return segments + live.Complete().Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _classifier.Dispose();
        _seedSession.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class InferenceConfig : ManualConfig
    {
        public InferenceConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
