using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using EmotionRecognition.Audio;
using EmotionRecognition.TestData;
using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Benchmarks.Inference;

/// <summary>
/// The shipped default model on one core: its ONNX graph alone on one scaled feature row (the ≤ 1 ms budget), and a whole
/// 2.5 s clip already in memory through <see cref="EmotionClassifier"/> (features, scaling, ONNX).
/// </summary>
[Config(typeof(DefaultModelConfig))]
[MemoryDiagnoser]
public class DefaultModelBenchmarks
{
    private readonly RunOptions _runOptions = new();
    private EmotionClassifier _classifier = null!;
    private InferenceSession _session = null!;
    private float[] _clip = null!;
    private float[] _row = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = EmotionClassifier.LoadDefault(new EmotionClassifierOptions { IntraOpThreads = 1 });
        var file = SharedData.RavdessFiles()[0];
        _clip = AudioLoader.Load(file, _classifier.FeatureSpec.ToLoadOptions()).Samples;
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(_classifier.Model.OnnxModel, options);
        _row = new float[_classifier.FeatureSpec.VectorLength];
        for (var i = 0; i < _row.Length; i++) _row[i] = (float)Math.Sin(i * 0.1);
    }

    /// <summary>The default model's ONNX graph on one scaled feature row (batch 1).</summary>
    [Benchmark]
    public float OnnxBatch1()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_row, [1, _row.Length]);
        using var outputs = _session.Run(_runOptions, [_classifier.Model.InputName], [input], [_classifier.Model.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    /// <summary>Features + scaling + the default model for one 2.5 s, 22,050 Hz clip already in memory.</summary>
    [Benchmark]
    public Emotion ClassifyClip() => _classifier.Classify(_clip, 22050).Emotion;

    [GlobalCleanup]
    public void Cleanup()
    {
        _classifier.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
    }

    private sealed class DefaultModelConfig : ManualConfig
    {
        public DefaultModelConfig() => AddJob(Job.ShortRun);
    }
}
