using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;
using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Benchmarks.Inference;

/// <summary>
/// The shipped default model on one core, for a 3.5 s RAVDESS clip at 22,050 Hz already in memory: end to end through
/// <see cref="EmotionClassifier"/> (resampling, trimming, features, scaling, ONNX; the ≤ 10 ms budget), the features alone
/// (≤ 1 ms), and the ONNX graph alone on the clip's frames, as shipped (ten fold models), as one run's five would cost and as
/// one member would.
/// </summary>
[Config(typeof(DefaultModelConfig))]
[MemoryDiagnoser]
public class DefaultModelBenchmarks
{
    private const int ClipRate = 22050;
    private readonly RunOptions _runOptions = new();
    private EmotionClassifier _classifier = null!;
    private FeatureExtractor _extractor = null!;
    private InferenceSession _shipped = null!;
    private InferenceSession _single = null!;
    private InferenceSession _oneRun = null!;
    private float[] _clip = null!;
    private float[] _clipAtModelRate = null!;
    private float[] _frames = null!;
    private float[] _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = EmotionClassifier.LoadDefault(new EmotionClassifierOptions { IntraOpThreads = 1 });
        var spec = _classifier.FeatureSpec;
        _clip = AudioLoader.Load(SharedData.RavdessFiles()[0], new AudioLoadOptions { SampleRate = ClipRate, Duration = 3.5 }).Samples;
        _clipAtModelRate = Resampler.Resample(_clip, ClipRate, spec.SampleRate);
        _extractor = new FeatureExtractor(spec);
        _destination = new float[spec.VectorLength];
        _frames = _extractor.ExtractUtterance(_clipAtModelRate);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _shipped = new InferenceSession(_classifier.Model.OnnxModel, options);
        _single = new InferenceSession(Members(_classifier.Model.OnnxModel, 0), options);
        _oneRun = new InferenceSession(Members(_classifier.Model.OnnxModel, 0, 1, 2, 3, 4), options);
    }

    // The shipped graph cut down to some of its members (their nodes, weights and Softmax), with no TorchSharp here.
    private static byte[] Members(byte[] ensemble, params int[] members) =>
        Google.Protobuf.MessageExtensions.ToByteArray(EmotionRecognition.Onnx.EnsembleGraph.Keep(EmotionRecognition.Onnx.Proto.ModelProto.Parser.ParseFrom(ensemble), members));

    /// <summary>Resampling to 16 kHz, trimming, features, scaling and the shipped graph for the 3.5 s clip.</summary>
    [Benchmark(Baseline = true)]
    public Emotion ClassifyClip() => _classifier.Classify(_clip, ClipRate).Emotion;

    /// <summary>The utterance features (trim + 64 log-mel bands) of the clip at 16 kHz, into a reused buffer.</summary>
    [Benchmark]
    public int Features() => _extractor.ExtractFrames(_clipAtModelRate, _destination);

    /// <summary>The clip's 22,050 → 16,000 Hz resampling, which <see cref="ClassifyClip"/> includes.</summary>
    [Benchmark]
    public float[] Resample() => Resampler.Resample(_clip, ClipRate, 16000);

    /// <summary>The shipped graph (two runs' ten fold models averaged) on the clip's frames.</summary>
    [Benchmark]
    public float ShippedGraph() => Run(_shipped);

    /// <summary>The first run's five fold models alone: what the ensemble of one seed would cost.</summary>
    [Benchmark]
    public float OneRunGraph() => Run(_oneRun);

    /// <summary>One utterance CNN on the clip's frames: what a single model instead of the ensemble would cost.</summary>
    [Benchmark]
    public float SingleModelGraph() => Run(_single);

    private float Run(InferenceSession session)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_frames, [1, _frames.Length / 64, 64]);
        using var outputs = session.Run(_runOptions, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _classifier.Dispose();
        _shipped.Dispose();
        _single.Dispose();
        _oneRun.Dispose();
        _runOptions.Dispose();
    }

    private sealed class DefaultModelConfig : ManualConfig
    {
        public DefaultModelConfig() => AddJob(Job.ShortRun);
    }
}
