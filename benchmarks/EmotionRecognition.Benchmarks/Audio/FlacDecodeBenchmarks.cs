using BenchmarkDotNet.Attributes;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Benchmarks.Audio;

/// <summary>Decodes one whole RAVDESS clip (mono, 16-bit, 22,050 Hz, ~3.7 s) from memory.</summary>
[MemoryDiagnoser]
public class FlacDecodeBenchmarks
{
    private byte[] _file = [];
    private readonly float[] _buffer = new float[8192];

    [GlobalSetup]
    public void Setup()
    {
        _file = File.ReadAllBytes(BenchmarkData.Shared("data", "ravdess", "Actor_01", "03-01-05-02-01-01-01.flac"));
    }

    [Benchmark]
    public long DecodeWholeFile()
    {
        using var reader = new FlacReader(new MemoryStream(_file), leaveOpen: false, "bench.flac");
        long frames = 0;
        int got;
        while ((got = reader.ReadFrames(_buffer)) > 0) frames += got;
        return frames;
    }
}
