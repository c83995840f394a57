using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EmotionRecognition.Audio;
using EmotionRecognition.TestData;
using EmotionRecognition.TestModel;

namespace EmotionRecognition.Benchmarks.Inference;

/// <summary>
/// Inference on one core: a whole 2.5 s clip through the classifier (features, scaling, ONNX) with the compact test model,
/// and streaming 30 s of 48 kHz audio (resampling, 2.5 s windows every 1.25 s). The seed CNN's graph alone is measured by
/// <see cref="SeedCnnQuantizationBenchmarks"/> (float32 and int8).
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
    }

    /// <summary>Features + scaling + compact model for one 2.5 s clip already in memory.</summary>
    [Benchmark]
    public Emotion ClassifyClip() => _classifier.Classify(_clip, 22050).Emotion;

    /// <summary>30 s of 48 kHz audio pushed in 20 ms chunks: resampling, windowing and 23 classifications.</summary>
    [Benchmark]
    public int Stream30Seconds()
    {
        var live = _classifier.CreateLiveClassifier(48000);
        var segments = 0;
        for (var at = 0; at < _stream48k.Length; at += 960)
            segments += live.Write(_stream48k.AsSpan(at, Math.Min(960, _stream48k.Length - at))).Count;
        return segments + live.Complete().Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _classifier.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class InferenceConfig : ManualConfig
    {
        public InferenceConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
