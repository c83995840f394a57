using System.Diagnostics;
using System.Security.Cryptography;
using EmotionRecognition.Audio;

namespace EmotionRecognition.Audio.Tests.Flac;

/// <summary>A FLAC file decoded by <see cref="FlacReader"/>: raw integer samples plus what the stream contained.</summary>
internal sealed record DecodedFlac(int[] Samples, FlacStreamInfo StreamInfo, FlacDecodeStatistics Statistics)
{
    /// <summary>MD5 of the samples as FLAC defines it: little-endian, interleaved, whole bytes per sample.</summary>
    public byte[] PcmMd5()
    {
        var width = (StreamInfo.BitsPerSample + 7) / 8;
        var bytes = new byte[Samples.Length * width];
        for (var i = 0; i < Samples.Length; i++)
            for (var b = 0; b < width; b++) bytes[i * width + b] = (byte)(Samples[i] >> (8 * b));
        return MD5.HashData(bytes);
    }
}

/// <summary>What <c>flac -d</c> made of a file: whether it succeeded, the samples it wrote (also before a failure), its messages.</summary>
internal sealed record FlacToolOutput(bool Succeeded, int[] Samples, int BitsPerSample, string Error);

internal static class FlacTestSupport
{
    public static DecodedFlac Decode(Stream stream, string name = "test.flac")
    {
        using var reader = new FlacReader(stream, leaveOpen: false, name);
        var samples = new List<int>();
        var chunk = new int[1000 * reader.Info.Channels];
        int frames;
        while ((frames = reader.ReadSamples(chunk)) > 0)
            samples.AddRange(chunk.AsSpan(0, frames * reader.Info.Channels));
        return new DecodedFlac(samples.ToArray(), reader.StreamInfo, reader.Statistics);
    }

    public static DecodedFlac Decode(string path) => Decode(File.OpenRead(path), Path.GetFileName(path));

    /// <summary>Decodes through the public float API and undoes the scaling (exact up to 24 bits).</summary>
    public static DecodedFlac DecodeViaFloats(string path)
    {
        using var reader = new FlacReader(File.OpenRead(path), leaveOpen: false, Path.GetFileName(path));
        var samples = new List<int>();
        var chunk = new float[4096 * reader.Info.Channels];
        var scale = 1L << (reader.Info.BitsPerSample - 1);
        int frames;
        while ((frames = reader.ReadFrames(chunk)) > 0)
            foreach (var f in chunk.AsSpan(0, frames * reader.Info.Channels)) samples.Add(checked((int)(f * scale)));
        return new DecodedFlac(samples.ToArray(), reader.StreamInfo, reader.Statistics);
    }

    public static DecodedFlac Decode(byte[] bytes) => Decode(new MemoryStream(bytes));

    /// <summary>Decodes a whole stream expecting failure, and returns the exception.</summary>
    public static AudioFormatException DecodeFailure(byte[] bytes) =>
        Assert.ThrowsAny<AudioFormatException>(() => Decode(new MemoryStream(bytes), "broken.flac"));

    /// <summary>Runs a command-line tool and returns its standard output; fails the test on a non-zero exit.</summary>
    public static byte[] Run(string tool, params string[] arguments)
    {
        var (exitCode, output, error) = RunAllowingFailure(tool, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {exitCode}: {error}");
        return output;
    }

    /// <summary>Runs a command-line tool; returns its exit code, standard output and standard error whatever the outcome.</summary>
    public static (int ExitCode, byte[] Output, string Error) RunAllowingFailure(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.Result);
    }

    /// <summary>sox's decoding, left-justified to 32 bits (sox's internal format), as integers of the given depth.</summary>
    public static int[] SoxDecode(int bits, params string[] files)
    {
        var raw = Run("sox", [.. files, "-t", "s32", "-"]);
        var samples = new int[raw.Length / 4];
        for (var i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt32(raw, i * 4) >> (32 - bits);
        return samples;
    }

    /// <summary>libFLAC's own decoding (<c>flac -d</c>) as integers of <paramref name="bits"/> bits; fails the test if it fails.</summary>
    public static int[] FlacToolDecode(string file, int bits)
    {
        var reference = FlacToolDecodeAnyOutcome(file, bitsIfUnstated: bits);
        if (!reference.Succeeded) throw new InvalidOperationException($"flac -d {file} failed: {reference.Error}");
        Assert.Equal(bits, reference.BitsPerSample);
        return reference.Samples;
    }

    /// <summary>
    /// libFLAC's own decoding (<c>flac -d</c>), also when it fails part-way (what it wrote before the error). It writes WAV,
    /// since its raw output refuses 12 and 20 bits: whole-byte containers with the valid bits left-justified (the
    /// extensible header's valid-bits field), 8-bit unsigned. Without STREAMINFO its header states no format (0 channels,
    /// 0 bits), so the samples are read as <paramref name="bitsIfUnstated"/>-bit.
    /// </summary>
    public static FlacToolOutput FlacToolDecodeAnyOutcome(string file, int bitsIfUnstated)
    {
        var (exitCode, wav, error) = RunAllowingFailure("flac", "-d", "-s", "-c", file);
        var data = 12;
        var bits = bitsIfUnstated;
        while (data + 8 <= wav.Length && System.Text.Encoding.ASCII.GetString(wav, data, 4) != "data")
        {
            if (System.Text.Encoding.ASCII.GetString(wav, data, 4) == "fmt ")
            {
                var extensible = BitConverter.ToUInt16(wav, data + 8) == 0xFFFE;
                var stated = BitConverter.ToUInt16(wav, data + 8 + (extensible ? 18 : 14));
                if (stated != 0) bits = stated;
            }
            data += 8 + BitConverter.ToInt32(wav, data + 4);
        }
        data += 8;
        if (data > wav.Length || bits == 0) return new FlacToolOutput(exitCode == 0, [], bits, error);
        var container = (bits + 7) / 8 * 8;
        var width = container / 8;
        var samples = new int[(wav.Length - data) / width];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = 0;
            for (var b = 0; b < width; b++) value |= wav[data + i * width + b] << (8 * b);
            if (container == 8) value -= 128;
            samples[i] = (value << (32 - container)) >> (32 - bits);
        }
        return new FlacToolOutput(exitCode == 0, samples, bits, error);
    }

    /// <summary>The index of the first difference, or -1 (a readable failure instead of a 100k-element dump).</summary>
    public static int FirstDifference(ReadOnlySpan<int> expected, ReadOnlySpan<int> actual)
    {
        var n = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < n; i++) if (expected[i] != actual[i]) return i;
        return expected.Length == actual.Length ? -1 : n;
    }

    public static void AssertSameSamples(int[] expected, int[] actual, string what)
    {
        var at = FirstDifference(expected, actual);
        if (at < 0) return;
        var values = at < Math.Min(expected.Length, actual.Length) ? $": {expected[at]} vs {actual[at]}" : "";
        Assert.Fail($"{what}: first difference at sample {at} (expected {expected.Length} samples, got {actual.Length}){values}");
    }
}
