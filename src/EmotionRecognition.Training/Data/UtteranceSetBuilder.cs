using System.Text.RegularExpressions;
using EmotionRecognition.Augmentation;
using EmotionRecognition.Features;
using EmotionRecognition.Pipeline;
using EmotionRecognition.Training;

namespace EmotionRecognition.Data;

/// <summary>
/// Turns clips into utterance examples on all cores: each clip as it is, plus the recipe's augmented copies, every one through the
/// same featurisation as inference.
/// </summary>
/// <remarks>Copy <c>i</c> of a clip draws from a <see cref="Random"/> seeded by (seed, the clip's content, <c>i</c>), so results do not depend on threads.</remarks>
internal static partial class UtteranceSetBuilder
{
    /// <summary>The examples of every clip: <c>[clip][copy]</c>, copy 0 the clip itself.</summary>
    public static UtteranceExample[][] Build(IReadOnlyList<LabeledClip> clips, UtteranceRecipe recipe, FeatureExtractor extractor,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var result = new UtteranceExample[clips.Count][];
        var done = 0;
        Parallelism.For(clips.Count, i =>
        {
            result[i] = BuildClip(clips[i], i, recipe, extractor);
            progress?.Report(new TrainingProgress("utterance features", Interlocked.Increment(ref done), clips.Count,
                $"{1 + recipe.AugmentedCopies} copies per clip"));
        }, cancellationToken);
        return result;
    }

    private static UtteranceExample[] BuildClip(LabeledClip clip, int index, UtteranceRecipe recipe, FeatureExtractor extractor)
    {
        var samples = SpeechFeaturization.LoadSamples(clip.Path, recipe.Spec);
        var (intensity, gender) = AuxiliaryLabels(clip.Path);
        var hash = FeatureCache.ContentHash(clip.Path);
        var examples = new UtteranceExample[1 + recipe.AugmentedCopies];
        for (var copy = 0; copy < examples.Length; copy++)
        {
            var signal = copy == 0 ? samples : Augment(samples, recipe, new Random(FeatureSetBuilder.CopySeed(recipe.Seed, hash, copy)));
            var frames = extractor.ExtractUtterance(signal);
            examples[copy] = new UtteranceExample(frames, frames.Length / recipe.Spec.FrameWidth, (int)clip.Emotion, intensity, gender, index);
        }
        return examples;
    }

    /// <summary>One random chain of the waveform changes the recipe allows, each taken with its own probability.</summary>
    internal static float[] Augment(float[] samples, UtteranceRecipe recipe, Random random)
    {
        var rate = recipe.Spec.SampleRate;
        var signal = samples;
        if (recipe.SpeedPerturbation && random.NextDouble() < 0.5)
            signal = ChannelSimulation.ChangeSpeed(signal, rate, 0.9 + 0.2 * random.NextDouble());
        if (recipe.PitchShift && random.NextDouble() < 0.3)
            signal = Augmentation.PitchShift.Apply(signal, rate, 4 * random.NextDouble() - 2);
        if (recipe.ChannelAugmentation)
        {
            if (random.NextDouble() < 0.3)
                signal = ChannelSimulation.BandLimit(signal, rate, 8000);
            if (random.NextDouble() < 0.5)
                signal = ChannelSimulation.Equalize(signal, rate, random);
            if (random.NextDouble() < 0.3)
                signal = ChannelSimulation.Reverberate(signal, rate, random);
        }
        if (recipe.Noise && random.NextDouble() < 0.5)
            signal = ChannelSimulation.AddNoise(signal, 10 + 20 * random.NextDouble(), random);
        return signal;
    }

    /// <summary>Intensity (0 normal, 1 strong) and gender (0 male, 1 female) from a RAVDESS file name; -1 for other corpora.</summary>
    internal static (int Intensity, int Gender) AuxiliaryLabels(string path)
    {
        var m = RavdessName().Match(Path.GetFileNameWithoutExtension(path));
        if (!m.Success) return (-1, -1);
        var intensity = m.Groups["intensity"].Value == "02" ? 1 : 0;
        var gender = int.Parse(m.Groups["actor"].Value, System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? 1 : 0;
        return (intensity, gender);
    }

    [GeneratedRegex(@"^\d\d-\d\d-\d\d-(?<intensity>\d\d)-\d\d-\d\d-(?<actor>\d\d)$")]
    private static partial Regex RavdessName();
}
