using System.Text.Json;
using EmotionRecognition.Audio.Tests.Features;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Augmentation;

/// <summary>The original project's four training rows per file: original, noise, pitch, pitch+noise.</summary>
public class SeedRowsTests
{
    public static IEnumerable<object[]> Folders() => LibrosaFixture.AugmentedNames();

    [RequiresTheory(Requirement.SharedData)]
    [MemberData(nameof(Folders))]
    public void FourRowsMatchTheOriginalProjectsRows(string folder)
    {
        var fixture = LibrosaFixture.Get(folder);
        var signal = fixture.Signal;
        var pitched = PitchShift.Apply(signal, 22050, 0.7);
        var copies = new[]
        {
            signal,
            Noise.Add(signal, Uniform(fixture, "aug_noise"), fixture.Array("aug_noise_gaussian").Data),
            pitched,
            Noise.Add(pitched, Uniform(fixture, "aug_pitch_noise"), fixture.Array("aug_pitch_noise_gaussian").Data),
        };
        var expected = fixture.Array("seed_rows");
        var extractor = new FeatureExtractor(FeatureSpec.Seed);
        Assert.Equal(new[] { 4, extractor.VectorLength }, expected.Shape);
        for (var row = 0; row < 4; row++)
        {
            var actual = extractor.ExtractVector(copies[row]);
            var reference = expected.Row(row);
            for (var i = 0; i < actual.Length; i++)
            {
                // ZCR and RMS occupy the first 2 x 108 values; MFCCs the rest. Pitch rows inherit the resampler's ~1e-4 level
                // differences, and the noise row on top of a pitch row adds nothing new.
                var tolerance = i < 216 ? 2e-3 : 0.02;
                Assert.True(Math.Abs(actual[i] - reference[i]) <= tolerance, $"row {row}, value {i}: {actual[i]} vs {reference[i]}");
            }
        }
    }

    private static double Uniform(LibrosaFixture fixture, string prefix)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Folder, prefix + "_params.json")));
        return json.RootElement.GetProperty("uniform").GetDouble();
    }
}
