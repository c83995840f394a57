using System.Text.Json;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

public class AudioLoaderTests
{
    private static readonly AudioLoadOptions SeedSegment = new() { SampleRate = null, Offset = 0.6, Duration = 2.5 };

    /// <summary>Every fixture whose input is a WAV file.</summary>
    public static TheoryData<string> WavFixtures() => FixturesWithInput(".wav");

    [RequiresFact(Requirement.SharedData)]
    public void CoversAllThirteenFixtures() => Assert.Equal(13, AllFixtures().Count);

    internal static TheoryData<string> FixturesWithInput(string extension)
    {
        var data = new TheoryData<string>();
        foreach (var name in SharedData.FixtureNames())
            if (InputOf(name).EndsWith(extension, StringComparison.Ordinal)) data.Add(name);
        return data;
    }

    [RequiresFact(Requirement.SharedData)]
    public void CoversAllSevenWavFixtures() => Assert.Equal(7, WavFixtures().Count);

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(AllFixtures))]
    public void NativeSegmentEqualsLibrosaBitForBit(string fixture)
    {
        var expected = Npy.Read(Path.Combine(SharedData.Fixture(fixture), "native.npy"));
        var clip = AudioLoader.Load(InputOf(fixture), SeedSegment);

        Assert.Equal(AudioFile.ReadInfo(InputOf(fixture)).SampleRate, clip.SampleRate);
        AssertBitEqual(expected.ToFloat(), clip.Samples);
    }

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(AllFixtures))]
    public void NonSeekableStreamGivesTheSameSegment(string fixture)
    {
        var expected = Npy.Read(Path.Combine(SharedData.Fixture(fixture), "native.npy"));
        using var stream = new NonSeekableStream(File.OpenRead(InputOf(fixture)));
        var clip = AudioLoader.Load(stream, SeedSegment, fixture);
        AssertBitEqual(expected.ToFloat(), clip.Samples);
        Assert.False(stream.WasDisposed);
    }

    public static TheoryData<string> AllFixtures() => FixturesWithInput("");

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(AllFixtures))]
    public void ResampledSegmentMatchesLibrosaSignal(string fixture)
    {
        // librosa.load(path, sr=22050, offset=0.6, duration=2.5): our Kaiser-sinc resampler against resampy's kaiser_best.
        var expected = Npy.Read(Path.Combine(SharedData.Fixture(fixture), "signal.npy")).ToFloat();
        var clip = AudioLoader.Load(InputOf(fixture), new() { Offset = 0.6, Duration = 2.5 });
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(expected.Length, clip.Samples.Length);
        var snr = EmotionRecognition.Audio.Tests.Audio.Resampling.Signals.SnrDb(expected, clip.Samples);
        Assert.True(snr >= 60, $"{fixture}: SNR {snr:F1} dB");
    }

    [RequiresFact(Requirement.SharedData)]
    public void NativeRateRequestNeedsNoResampling()
    {
        var expected = Npy.Read(Path.Combine(SharedData.Fixture("b_22050_mono_s16"), "native.npy"));
        var clip = AudioLoader.Load(InputOf("b_22050_mono_s16"), new() { Offset = 0.6, Duration = 2.5 });
        Assert.Equal(22050, clip.SampleRate);
        AssertBitEqual(expected.ToFloat(), clip.Samples);
        Assert.Equal(TimeSpan.FromSeconds(2.5), clip.Duration);
    }

    [RequiresFact(Requirement.SharedData)]
    public void ShortFileYieldsWhatExistsAndOffsetPastTheEndYieldsAnEmptyClip()
    {
        var input = InputOf("e_22050_stereo_f32_short");
        var frames = AudioFile.ReadInfo(input).FrameCount!.Value;

        var rest = AudioLoader.Load(input, SeedSegment with { Duration = 100 });
        Assert.Equal(frames - 13230, rest.Samples.Length);
        Assert.Equal(rest.Samples, AudioLoader.Load(input, SeedSegment with { Duration = null }).Samples);

        var past = AudioLoader.Load(input, SeedSegment with { Offset = 5 });
        Assert.Empty(past.Samples);
        Assert.Equal(22050, past.SampleRate);
        Assert.Empty(AudioLoader.Load(input, SeedSegment with { Offset = (double)frames / 22050 }).Samples);
        Assert.Empty(AudioLoader.Load(input, SeedSegment with { Duration = 0 }).Samples);
    }

    [RequiresFact(Requirement.SharedData)]
    public void WholeFileAveragesChannels()
    {
        var input = InputOf("c_44100_stereo_s16");
        float[] interleaved;
        using (var reader = AudioFile.Open(input)) interleaved = TestWav.ReadAll(reader, 4096);
        var clip = AudioLoader.Load(input, new() { SampleRate = null });
        Assert.Equal(interleaved.Length / 2, clip.Samples.Length);
        for (var i = 0; i < clip.Samples.Length; i++)
            Assert.Equal((interleaved[2 * i] + interleaved[2 * i + 1]) / 2f, clip.Samples[i]);
    }

    [RequiresFact(Requirement.SharedData)]
    public async Task LoadAsyncMatchesLoadAndHonoursCancellation()
    {
        var input = InputOf("03-01-02-01-01-02-01");
        var clip = await AudioLoader.LoadAsync(input, SeedSegment);
        Assert.Equal(AudioLoader.Load(input, SeedSegment).Samples, clip.Samples);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AudioLoader.LoadAsync(input, SeedSegment, cancelled.Token));
    }

    [RequiresFact(Requirement.SharedData)]
    public void ValidateReportsEveryProblemAtOnce()
    {
        var options = new AudioLoadOptions { SampleRate = 0, Offset = -1, Duration = double.NaN };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("SampleRate", e.Message);
        Assert.Contains("Offset", e.Message);
        Assert.Contains("Duration", e.Message);
        Assert.Throws<ArgumentException>(() => AudioLoader.Load(InputOf("b_22050_mono_s16"), options));
        AudioLoadOptions.Default.Validate();
        Assert.Equal(22050, AudioLoadOptions.Default.SampleRate);
    }

    [RequiresFact(Requirement.SharedData)]
    public void MissingFileIsAFileNotFoundException() =>
        Assert.Throws<FileNotFoundException>(() => AudioLoader.Load(Path.Combine(SharedData.LibrosaFixtures, "no-such.wav")));

    internal static string InputOf(string fixture)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.Fixture(fixture), "manifest.json")));
        var relative = manifest.RootElement.GetProperty("input").GetProperty("path").GetString()!;
        // Manifest paths are relative to the repository root ("../shared/..."), as SharedData resolves them.
        return Path.GetFullPath(Path.Combine(SharedData.Root, relative));
    }

    private static void AssertBitEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"sample {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
