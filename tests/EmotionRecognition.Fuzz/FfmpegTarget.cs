using System.Text;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Fuzz;

/// <summary>
/// The ffmpeg road under fuzz: formats we hand to an ffmpeg child process, and container tricks that try to make ffmpeg read
/// something other than the input — an ID3 tag in front of an HLS playlist or an ffconcat script naming a local file, by absolute
/// path, <c>file:</c> URL, <c>../</c> or another protocol. Each input is loaded by path and from a non-seekable stream (ffmpeg's
/// standard input). A finding: audio that is the marker file the tricks point at (another file was read), an ffmpeg process left
/// running after its reader is done, or the usual crash, hang and memory oracles.
/// </summary>
internal sealed class FfmpegTarget : FuzzTarget
{
    /// <summary>The marker's constant sample value: 10,240 / 32,768, found in no seed.</summary>
    private const float MarkerLevel = 0.3125f;

    private static readonly AudioLoadOptions ClassifierLoad = FeatureSpec.Seed.ToLoadOptions() with { Offset = 0 };
    private readonly Lazy<string> _folder = new(() => SharedData.NewTempDirectory("fuzz-ffmpeg"));
    private long _count;

    public override string Name => "ffmpeg";

    public override string Extension => ".bin";

    private string Marker => Path.Combine(_folder.Value, "marker.wav");

    public override IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds()
    {
        var level = (short)(MarkerLevel * 32768);
        WavWriter.WritePcm16(Marker, Enumerable.Repeat(level, 22050).ToArray(), 22050, 1);
        var wav = Path.Combine(_folder.Value, "seed.wav");
        File.WriteAllBytes(wav, Seeds.Wav()[0].Bytes);
        return new[] { ("mp3", "mp3"), ("ogg", "ogg"), ("m4a", "ipod") }.Select(f => (f.Item1, Encode(wav, f.Item1, f.Item2))).ToArray();
    }

    public override byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors) =>
        rng.Next(3) == 0 ? ContainerTrick(parent, rng) : ByteMutations.Apply(parent, rng, donors, protectedPrefix: 4);

    public override bool IsDocumented(Exception e) => e is AudioFormatException;

    public override void Execute(byte[] input)
    {
        var path = Path.Combine(_folder.Value, $"input-{Interlocked.Increment(ref _count) % 4}.bin");
        File.WriteAllBytes(path, input);
        Exception? refused = null;
        foreach (var load in new Func<AudioClip>[]
                 {
                     () => AudioLoader.Load(path, ClassifierLoad),
                     () => AudioLoader.Load(new ForwardOnlyStream(input), ClassifierLoad, "fuzz input"),
                 })
        {
            try
            {
                CheckNotMarker(load().Samples);
            }
            catch (AudioFormatException e)
            {
                refused = e;
            }
            CheckNoFfmpegLeft();
        }
        if (refused is not null) throw refused;
    }

    // ID3v2.3 header of an empty tag, then a text format ffmpeg would follow to the marker, unless told the format and protocols.
    private byte[] ContainerTrick(byte[] parent, Random rng)
    {
        var target = rng.Next(5) switch
        {
            0 => Marker,
            1 => "file:" + Marker,
            2 => Path.GetRelativePath(Path.Combine(_folder.Value, "sub"), Marker),
            3 => "concat:" + Marker + "|" + Marker,
            _ => "subfile,,start,0,end,0,,:" + Marker,
        };
        var body = rng.Next(2) == 0
            ? $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n{target}\n#EXT-X-ENDLIST\n"
            : $"ffconcat version 1.0\nfile '{target}'\n";
        byte[] id3 = [(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 0];
        return rng.Next(4) switch
        {
            0 => Encoding.ASCII.GetBytes(body),
            1 => [.. id3, .. parent, .. Encoding.ASCII.GetBytes(body)],
            _ => [.. id3, .. Encoding.ASCII.GetBytes(body)],
        };
    }

    private static void CheckNotMarker(float[] samples)
    {
        var marker = samples.Count(s => Math.Abs(s - MarkerLevel) < 2e-3f);
        if (samples.Length > 1000 && marker > samples.Length / 2)
            throw new FuzzOracleException($"{marker} of {samples.Length} decoded samples are the marker file's: the input made ffmpeg read another file");
    }

    private static void CheckNoFfmpegLeft()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try { text = File.ReadAllText(stat); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            if (text.Contains("(ffmpeg)", StringComparison.Ordinal) && fields[1] == self && fields[0] != "Z")
                throw new FuzzOracleException("an ffmpeg process outlived the reader that started it");
        }
    }

    private byte[] Encode(string wav, string extension, string format)
    {
        var output = Path.Combine(_folder.Value, "seed." + extension);
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-y", "-loglevel", "error", "-i", wav, "-f", format, output }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make the {extension} seed: {error}");
        return File.ReadAllBytes(output);
    }
}
