using System.Collections.Concurrent;
using EmotionRecognition.Audio;
using Xunit.Abstractions;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>
/// The public FLAC decoder testbench (<c>../shared/fixtures/flac-conformance</c>, CC0) against libFLAC (<c>flac -d</c>), by the
/// testbench's own rule: a file is decoded to exactly the samples <c>flac -d</c> writes, or refused with an
/// <see cref="AudioFormatException"/>; a crash, a hang or mangled audio fails. A streaming decoder finds a mid-stream
/// format change only at the frame that makes it, so the audio handed out before a refusal must equal libFLAC's too.
/// Files are opened the way users open them (<see cref="AudioFile.Open(string)"/>, so the container sniffing counts).
/// </summary>
public class FlacTestbenchTests(ITestOutputHelper output)
{
    private static string Testbench => Path.Combine(SharedData.SharedRoot, "fixtures", "flac-conformance");

    /// <summary>
    /// Every file of a folder that the shared copy carries (its NOTE.md lists the 14 too large to carry). <c>subset</c> files
    /// must all decode exactly; <c>uncommon</c> and <c>faulty</c> ones may be refused. For <c>faulty</c>, decoding the real
    /// audio counts as well as refusing: <c>flac -d</c> writes all of it (faulty/05 holds more samples than its STREAMINFO says).
    /// </summary>
    [RequiresTheory(Requirement.Flac, Requirement.SharedData)]
    [InlineData("subset", 52)]
    [InlineData("uncommon", 10)]
    [InlineData("faulty", 11)]
    public void EveryTestbenchFileDecodesLikeLibFlacOrIsRefusedCleanly(string folder, int files)
    {
        var paths = Directory.GetFiles(Path.Combine(Testbench, folder), "*.flac").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, paths.Length);
        var verdicts = new ConcurrentDictionary<string, Verdict>();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = 2 }, path =>
            verdicts[Path.GetFileName(path)] = Judge(path));

        foreach (var (name, verdict) in verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
            output.WriteLine($"{verdict.Outcome,-9} {name}: {verdict.Detail}");
        var failures = verdicts.Where(v => v.Value.Outcome == Outcome.Failed || (folder == "subset" && v.Value.Outcome != Outcome.Decoded))
            .Select(v => $"{v.Key}: {v.Value.Outcome} ({v.Value.Detail})").ToArray();
        output.WriteLine($"{folder}: {verdicts.Values.Count(v => v.Outcome == Outcome.Decoded)} decoded exactly, "
                         + $"{verdicts.Values.Count(v => v.Outcome == Outcome.Refused)} refused, {failures.Length} not accepted");
        Assert.Empty(failures);
    }

    /// <summary>
    /// A stream joined mid-way (uncommon/10: no marker, no metadata, frame numbers from 775,194 on) takes its format from the
    /// frame headers: codes 0x9 and 0x0/0x4 of its first header say 44.1 kHz, mono, 16-bit. (<c>flac -d</c> writes such a
    /// stream under a WAV header that states no format at all, so the comparison above cannot check the format.)
    /// </summary>
    [RequiresFact(Requirement.Flac, Requirement.SharedData)]
    public void AStreamStartingAtAFrameHeaderTakesItsFormatFromTheFrames()
    {
        using var reader = AudioFile.Open(Path.Combine(Testbench, "uncommon", "10 - file starting at frame header.flac"));
        Assert.Equal(new AudioInfo("FLAC", "FLAC 16-bit", 44100, 1, 16, null), reader.Info);
    }

    private static Verdict Judge(string path)
    {
        var (ours, bits, error) = DecodeUntilRefused(path);
        var reference = FlacTestSupport.FlacToolDecodeAnyOutcome(path, bitsIfUnstated: bits);
        var agreed = FlacTestSupport.FirstDifference(reference.Samples.AsSpan(0, Math.Min(ours.Length, reference.Samples.Length)), ours);
        if (agreed >= 0 || ours.Length > reference.Samples.Length)
            return new(Outcome.Failed, $"mangled audio: differs from flac -d at sample {Math.Max(agreed, 0)} "
                                       + $"(we gave {ours.Length}, flac -d {reference.Samples.Length}){(error is null ? "" : "; then: " + error)}");
        if (error is not null) return new(Outcome.Refused, error);
        if (!reference.Succeeded) return new(Outcome.Failed, $"decoded {ours.Length} samples where flac -d fails: {reference.Error.Trim()}");
        return ours.Length == reference.Samples.Length
            ? new(Outcome.Decoded, $"{ours.Length} samples equal")
            : new(Outcome.Failed, $"stopped after {ours.Length} of flac -d's {reference.Samples.Length} samples without an error");
    }

    /// <summary>
    /// Our raw integer samples until the end or the first <see cref="AudioFormatException"/>, their bit depth (16 if the
    /// file was refused at once) and the refusal.
    /// </summary>
    private static (int[] Samples, int Bits, string? Error) DecodeUntilRefused(string path)
    {
        var samples = new List<int>();
        var bits = 16;
        try
        {
            using var reader = AudioFile.Open(path);
            bits = reader.Info.BitsPerSample;
            var flac = Assert.IsType<FlacReader>(reader);
            var chunk = new int[4096 * reader.Info.Channels];
            int frames;
            while ((frames = flac.ReadSamples(chunk)) > 0)
                samples.AddRange(chunk.AsSpan(0, frames * reader.Info.Channels));
            return (samples.ToArray(), bits, null);
        }
        catch (AudioFormatException e)
        {
            return (samples.ToArray(), bits, e.Message);
        }
    }

    private enum Outcome { Decoded, Refused, Failed }

    private sealed record Verdict(Outcome Outcome, string Detail);
}
