using System.Diagnostics;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests;

/// <summary>
/// The ffmpeg fallback, against Debian's ffmpeg. Every test that touches <see cref="AudioFile.FfmpegPath"/> lives in
/// this class, whose tests xunit runs one at a time.
/// </summary>
public sealed class FfmpegTests : IDisposable
{
    private static readonly string StereoWav = Path.Combine(SharedData.Ravdess48k, "03-01-02-01-01-02-01.wav");
    private static readonly string Ffmpeg = FfmpegLocator.Find(null)
        ?? throw new InvalidOperationException("These tests need ffmpeg on PATH (Debian package 'ffmpeg').");

    private readonly string _dir = SharedData.NewTempDirectory("ffmpeg");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("clip.ogg", "-c:a libvorbis", "Ogg")]
    [InlineData("clip.mp3", "-c:a libmp3lame", "MP3 (ID3-tagged)")]
    [InlineData("clip.mp3", "-c:a libmp3lame -id3v2_version 0", "MPEG audio (MP3)")]
    [InlineData("clip.m4a", "-c:a aac -movflags +faststart", "MP4/M4A")]
    public void DecodesLossyEncodingsOfARealRecording(string name, string codecArgs, string container)
    {
        var encoded = Encode(name, [.. codecArgs.Split(' '), "-b:a", "192k"]);
        var (original, info) = ReadWav(StereoWav);

        foreach (var piped in new[] { false, true })
        {
            using var reader = piped ? AudioFile.Open(new NonSeekableStream(File.OpenRead(encoded))) : AudioFile.Open(encoded);
            Assert.Equal(container, reader.Info.Container);
            Assert.Equal(48000, reader.Info.SampleRate);
            Assert.Equal(2, reader.Info.Channels);
            var decoded = TestWav.ReadAll(reader, 4096);
            var frames = decoded.Length / 2;
            Assert.True(frames > 0, $"piped={piped}");
            Assert.InRange(frames, info.FrameCount!.Value - 2400, info.FrameCount.Value + 2400);
            Assert.InRange(BestCorrelation(original, decoded), 0.98, 1.0);
        }
    }

    [Fact]
    public void Mp4WithItsIndexAtTheEndDecodesFromAPathAndFailsClearlyFromAPipe()
    {
        var encoded = Encode("late-index.m4a", "-c:a", "aac", "-b:a", "192k");
        using (var reader = AudioFile.Open(encoded))
            Assert.InRange(TestWav.ReadAll(reader, 4096).Length / 2, 170000, 176000);

        var e = Assert.Throws<AudioFormatException>(() =>
        {
            using var reader = AudioFile.Open(new NonSeekableStream(File.OpenRead(encoded)), sourceName: "upload.m4a");
            TestWav.ReadAll(reader);
        });
        Assert.StartsWith("upload.m4a: ffmpeg could not decode the MP4/M4A data", e.Message);
        Assert.Contains("file path", e.Problem);
    }

    [Fact]
    public void TheLoaderUsesTheFallbackToo()
    {
        var encoded = Encode("clip.ogg", "-c:a", "libvorbis");
        var clip = AudioLoader.Load(encoded, new() { SampleRate = null, Offset = 0.6, Duration = 2.5 });
        Assert.Equal(48000, clip.SampleRate);
        Assert.Equal(120000, clip.Samples.Length);
    }

    [Fact]
    public void AnId3TaggedPlaylistCannotMakeFfmpegReadAnotherFile()
    {
        // An ID3v2 tag (10 bytes, empty) and then an HLS playlist naming a real local recording: probed freely, ffmpeg skips
        // the tag, takes the rest for a playlist and decodes the other file (3.3 s of FLAC) in its place.
        var other = Path.GetFullPath(SharedData.RavdessFiles()[0]);
        var playlist = $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{other}\n#EXT-X-ENDLIST\n";
        byte[] bytes = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0, .. System.Text.Encoding.ASCII.GetBytes(playlist)];
        var path = WavWriter.Write(_dir, "innocent.mp3", bytes);
        foreach (var open in new Func<AudioReader>[] { () => AudioFile.Open(path), () => AudioFile.Open(new MemoryStream(bytes), leaveOpen: false, "upload") })
        {
            var e = Assert.Throws<AudioFormatException>(() =>
            {
                using var reader = open();
                TestWav.ReadAll(reader);
            });
            Assert.Contains("ffmpeg could not decode the MP3 (ID3-tagged) data", e.Message);
        }
    }

    [Fact]
    public void GarbageAfterAKnownMagicReportsFfmpegsComplaint()
    {
        var bytes = new byte[20_000];
        new Random(5).NextBytes(bytes);
        "OggS"u8.CopyTo(bytes);
        var path = WavWriter.Write(_dir, "broken.ogg", bytes);
        var e = Assert.Throws<AudioFormatException>(() =>
        {
            using var reader = AudioFile.Open(path);
            TestWav.ReadAll(reader);
        });
        Assert.StartsWith(path + ": ffmpeg could not decode the Ogg data", e.Message);
    }

    [Fact]
    public void WithoutFfmpegTheMessageNamesTheFormatAndTheFix()
    {
        var encoded = Encode("clip.mp3", "-c:a", "libmp3lame");
        var bogus = Path.Combine(_dir, "no", "ffmpeg");
        try
        {
            AudioFile.FfmpegPath = bogus;
            var e = Assert.Throws<UnsupportedAudioFormatException>(() => AudioFile.Open(encoded));
            Assert.Equal(encoded, e.SourceName);
            Assert.Contains("MP3", e.Problem);
            Assert.Contains(bogus, e.Problem);
            Assert.Contains("install ffmpeg and put it on PATH", e.Problem);
            // The failed open released the file.
            using var exclusive = new FileStream(encoded, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        finally
        {
            AudioFile.FfmpegPath = null;
        }
        var onPath = Assert.Throws<UnsupportedAudioFormatException>(() => AudioFile.Open(encoded, ffmpegPath: "no-such-ffmpeg-command"));
        Assert.Contains("install ffmpeg and put it on PATH", onPath.Problem);
    }

    [Fact]
    public void DisposingMidwayKillsTheChildProcess()
    {
        var encoded = Encode("clip.ogg", "-c:a", "libvorbis");
        var reader = (FfmpegReader)AudioFile.Open(new NonSeekableStream(File.OpenRead(encoded)));
        Assert.Equal(256, reader.ReadFrames(new float[2 * 256]));
        using var child = Process.GetProcessById(reader.ProcessId);
        reader.Dispose();
        Assert.True(child.WaitForExit(5000));
    }

    [Theory]
    [InlineData("pcm_alaw")]
    [InlineData("pcm_mulaw")]
    public void G711WavMatchesFfmpegsDecoding(string codec)
    {
        var encoded = Encode("g711.wav", "-c:a", codec);
        var reference = Path.Combine(_dir, "g711.s16");
        RunFfmpeg("-i", encoded, "-f", "s16le", "-c:a", "pcm_s16le", reference);
        var pcm = File.ReadAllBytes(reference);

        using var reader = AudioFile.Open(encoded);
        Assert.Equal(codec == "pcm_alaw" ? "A-law" : "mu-law", reader.Info.Encoding);
        var decoded = TestWav.ReadAll(reader, 4096);
        var expected = new float[pcm.Length / 2];
        for (var i = 0; i < expected.Length; i++)
            expected[i] = BitConverter.ToInt16(pcm, 2 * i) / 32768f;
        Assert.Equal(expected, decoded);
    }

    private string Encode(string name, params string[] codecArgs)
    {
        var path = Path.Combine(_dir, name);
        RunFfmpeg(["-i", StereoWav, .. codecArgs, path]);
        return path;
    }

    private static void RunFfmpeg(params string[] args)
    {
        var info = new ProcessStartInfo(Ffmpeg) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. args])
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var log = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, log);
    }

    private static (float[] Samples, AudioInfo Info) ReadWav(string path)
    {
        using var reader = AudioFile.Open(path);
        return (TestWav.ReadAll(reader, 4096), reader.Info);
    }

    /// <summary>The highest normalised correlation of the left channels over small lags (ffmpeg trims codec delays).</summary>
    private static double BestCorrelation(float[] a, float[] b)
    {
        const int start = 48000, length = 24000, maxLag = 64;
        var best = 0.0;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double ab = 0, aa = 0, bb = 0;
            for (var i = start; i < start + length; i++)
            {
                double x = a[2 * i], y = b[2 * (i + lag)];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            best = Math.Max(best, ab / Math.Sqrt(aa * bb));
        }
        return best;
    }
}
