using System.Collections.Concurrent;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Flac;

public class FlacRavdessTests
{
    /// <summary>
    /// All 1,200 clips against sox (libFLAC), one sox process per actor decoding its 60 clips back to back,
    /// plus each file's STREAMINFO MD5 over our decoded PCM. Goes through the public float API (float × 32768).
    /// </summary>
    [RequiresFact(Requirement.Sox, Requirement.SharedData)]
    public void EveryRavdessFileDecodesExactlyLikeSoxAndMatchesItsMd5()
    {
        var files = SharedData.RavdessFiles();
        Assert.Equal(1200, files.Count);
        var failures = new ConcurrentBag<string>();
        var actors = files.GroupBy(f => Path.GetFileName(Path.GetDirectoryName(f))!).ToArray();
        Parallel.ForEach(actors, new ParallelOptions { MaxDegreeOfParallelism = 4 }, actor =>
        {
            var paths = actor.ToArray();
            var sox = FlacTestSupport.SoxDecode(16, paths);
            var offset = 0;
            foreach (var path in paths)
            {
                var decoded = FlacTestSupport.DecodeViaFloats(path);
                var name = Path.GetFileName(path);
                if (!decoded.PcmMd5().AsSpan().SequenceEqual(decoded.StreamInfo.Md5)) failures.Add($"{name}: MD5 differs");
                if (decoded.Samples.Length != decoded.StreamInfo.TotalSamples) failures.Add($"{name}: sample count differs from STREAMINFO");
                var expected = sox.AsSpan(offset, Math.Min(decoded.Samples.Length, sox.Length - offset));
                var at = FlacTestSupport.FirstDifference(expected, decoded.Samples);
                if (at >= 0) failures.Add($"{name}: differs from sox at sample {at}");
                offset += decoded.Samples.Length;
            }
            if (offset != sox.Length) failures.Add($"{actor.Key}: sox decoded {sox.Length} samples, we decoded {offset}");
        });
        Assert.Empty(failures);
    }
}
