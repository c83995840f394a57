using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Benchmarks.Audio;

/// <summary>
/// Decoding the seed pipeline's 2.5 s window (offset 0.6 s) of a real 48 kHz stereo RAVDESS original at its
/// native rate: header parsing, seek, bulk int16 conversion and the numpy-exact stereo mean.
/// </summary>
[MemoryDiagnoser]
public class WavDecodeBenchmarks
{
    private static readonly AudioLoadOptions Window = new() { SampleRate = null, Offset = 0.6, Duration = 2.5 };
    private readonly float[] _interleaved = new float[120_000 * 2];
    private string _path = "";
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchmarkData.Shared("data", "ravdess-48k", "03-01-02-01-01-02-01.wav");
        _bytes = File.ReadAllBytes(_path);
    }

    /// <summary>The full loader from a file: open, seek, decode, average to mono.</summary>
    [Benchmark(Baseline = true)]
    public int LoadWindowFromFile() => AudioLoader.Load(_path, Window).Samples.Length;

    /// <summary>The loader on in-memory bytes: no file system noise.</summary>
    [Benchmark]
    public int LoadWindowFromMemory() => AudioLoader.Load(new MemoryStream(_bytes, writable: false), Window).Samples.Length;

    /// <summary>The reader alone: interleaved stereo into a reused buffer.</summary>
    [Benchmark]
    public int DecodeInterleavedWindow()
    {
        using var reader = AudioFile.Open(new MemoryStream(_bytes, writable: false));
        reader.SkipFrames(28_800);
        return reader.ReadFrames(_interleaved);
    }
}
