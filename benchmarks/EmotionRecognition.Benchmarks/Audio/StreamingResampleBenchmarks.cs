using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Benchmarks.Audio;

/// <summary>
/// Live audio through the streaming resampler, 100 ms of 48 kHz per call into a reused buffer, as the classifier's stream does.
/// Allocated must read 0 B (no per-block allocation); this used to be a test, whose exact allocation count flaked under load.
/// </summary>
[MemoryDiagnoser]
public class StreamingResampleBenchmarks
{
    private const int BlockFrames = 4800;
    private StreamingResampler _resampler = null!;
    private float[] _block = [];
    private float[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        _resampler = new StreamingResampler(48000, 22050);
        _block = Enumerable.Range(0, BlockFrames).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 48000))).ToArray();
        _output = new float[BlockFrames];
        _resampler.Process(_block, _output); // the first block builds the cached filter tables
    }

    /// <summary>One 100 ms block in, 2,205 samples out.</summary>
    [Benchmark]
    public int ProcessBlock() => _resampler.Process(_block, _output);
}
