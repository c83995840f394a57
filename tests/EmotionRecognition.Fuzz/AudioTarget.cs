using EmotionRecognition.Audio;
using EmotionRecognition.Features;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// An audio decoder under fuzz: each input is decoded to the end through <see cref="AudioFile"/> (seekable stream), then loaded
/// as the classifier loads it (<see cref="AudioLoader"/> with the seed spec's offset, duration and resampling, from a
/// forward-only stream). Only <see cref="AudioFormatException"/> may escape; integer PCM must decode to finite values in [-1, 1].
/// </summary>
internal sealed class AudioTarget(string name, string extension, Func<IReadOnlyList<(string, byte[])>> seeds,
    Func<byte[], Random, IReadOnlyList<byte[]>, byte[]> mutate) : FuzzTarget
{
    private const int BufferSamples = 1 << 14;

    // Resampling a full-scale signal may overshoot [-1, 1] a little (the Gibbs phenomenon); it never reaches this.
    private const float MaxResampledMagnitude = 4f;

    private static readonly AudioLoadOptions ClassifierLoad = FeatureSpec.Seed.ToLoadOptions();

    public override string Name => name;

    public override string Extension => extension;

    public override IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds() => seeds();

    public override byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors) => mutate(parent, rng, donors);

    public override bool IsDocumented(Exception e) => e is AudioFormatException;

    public override void Execute(byte[] input)
    {
        bool integer;
        using (var reader = AudioFile.Open(new MemoryStream(input, writable: false), leaveOpen: false, "fuzz input"))
            integer = DecodeToEnd(reader);
        var clip = AudioLoader.Load(new ForwardOnlyStream(input), ClassifierLoad, "fuzz input");
        if (clip.Samples.Length > FeatureSpec.Seed.SampleCount)
            throw new FuzzOracleException($"the loader returned {clip.Samples.Length} samples for a {FeatureSpec.Seed.DurationSeconds} s window");
        if (integer) CheckRange(clip.Samples, MaxResampledMagnitude, "loaded");
    }

    /// <summary>Reads every frame; returns whether the data is integer PCM (whose decoded values must lie in [-1, 1]).</summary>
    private static bool DecodeToEnd(AudioReader reader)
    {
        var info = reader.Info;
        if (info.Channels < 1 || info.SampleRate < 1 || info.FrameCount < 0)
            throw new FuzzOracleException($"the header was accepted with {info.Channels} channels at {info.SampleRate} Hz, {info.FrameCount} frames");
        var integer = !info.Encoding.Contains("float", StringComparison.OrdinalIgnoreCase);
        var buffer = new float[Math.Max(1, BufferSamples / info.Channels) * info.Channels];
        int frames;
        while ((frames = reader.ReadFrames(buffer)) > 0)
        {
            if (frames * info.Channels > buffer.Length)
                throw new FuzzOracleException($"ReadFrames reported {frames} frames for room of {buffer.Length / info.Channels}");
            if (integer) CheckRange(buffer.AsSpan(0, frames * info.Channels), 1f, $"decoded {info.Encoding}");
        }
        return integer;
    }

    private static void CheckRange(ReadOnlySpan<float> samples, float limit, string what)
    {
        for (var i = 0; i < samples.Length; i++)
            if (!(Math.Abs(samples[i]) <= limit))
                throw new FuzzOracleException($"{what} sample {i} is {samples[i]}, outside [-{limit}, {limit}]");
    }
}
