using System.Text.RegularExpressions;

namespace EmotionRecognition.Data;

/// <summary>The naming conventions of the public emotional-speech corpora: label and speaker from a file's path.</summary>
internal static partial class FileNameConventions
{
    /// <summary>The label and speaker a convention reads from a path, or null when the path does not follow it.</summary>
    internal readonly record struct Parsed(Emotion? Emotion, string Speaker);

    internal static Parsed? Parse(CorpusKind kind, string path, CorpusOptions options) => kind switch
    {
        CorpusKind.Ravdess => ParseRavdess(path, options),
        CorpusKind.CremaD => ParseCremaD(path),
        CorpusKind.Tess => ParseTess(path),
        CorpusKind.Savee => ParseSavee(path),
        CorpusKind.Folder => ParseFolder(path),
        _ => null,
    };

    /// <summary>The conventions that can be recognised from file names alone, most specific first.</summary>
    internal static readonly CorpusKind[] NameBased = [CorpusKind.Ravdess, CorpusKind.CremaD, CorpusKind.Tess, CorpusKind.Savee, CorpusKind.Folder];

    // Emotion is null for a clip the convention recognises but the options leave out (RAVDESS calm when not mapped).
    private static Parsed? ParseRavdess(string path, CorpusOptions options)
    {
        var m = RavdessName().Match(Path.GetFileNameWithoutExtension(path));
        if (!m.Success) return null;
        Emotion? emotion = m.Groups["emotion"].Value switch
        {
            "01" => Emotion.Neutral,
            "02" => options.CalmAsNeutral ? Emotion.Neutral : null,
            "03" => Emotion.Happy,
            "04" => Emotion.Sad,
            "05" => Emotion.Angry,
            "06" => Emotion.Fear,
            "07" => Emotion.Disgust,
            _ => Emotion.Surprise,
        };
        return new Parsed(emotion, "ravdess:" + m.Groups["actor"].Value);
    }

    private static Parsed? ParseCremaD(string path)
    {
        var m = CremaDName().Match(Path.GetFileNameWithoutExtension(path));
        if (!m.Success || !EmotionLabels.TryParse(m.Groups["emotion"].Value, out var emotion)) return null;
        return new Parsed(emotion, "crema-d:" + m.Groups["actor"].Value);
    }

    private static Parsed? ParseTess(string path)
    {
        var m = TessName().Match(Path.GetFileNameWithoutExtension(path));
        if (!m.Success || !EmotionLabels.TryParse(m.Groups["emotion"].Value, out var emotion)) return null;
        return new Parsed(emotion, "tess:" + m.Groups["speaker"].Value.ToUpperInvariant());
    }

    private static Parsed? ParseSavee(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var m = SaveeName().Match(name);
        string speaker;
        string code;
        if (m.Success)
        {
            speaker = m.Groups["speaker"].Value;
            code = m.Groups["code"].Value;
        }
        else
        {
            // The original SAVEE release keeps one folder per speaker: AudioData/DC/a01.wav.
            var bare = SaveeBareName().Match(name);
            var folder = Path.GetFileName(Path.GetDirectoryName(path)) ?? "";
            if (!bare.Success || !SaveeSpeaker().IsMatch(folder)) return null;
            speaker = folder;
            code = bare.Groups["code"].Value;
        }
        Emotion? emotion = code.ToLowerInvariant() switch
        {
            "a" => Emotion.Angry,
            "d" => Emotion.Disgust,
            "f" => Emotion.Fear,
            "h" => Emotion.Happy,
            "n" => Emotion.Neutral,
            "sa" => Emotion.Sad,
            "su" => Emotion.Surprise,
            _ => null,
        };
        return emotion is null ? null : new Parsed(emotion, "savee:" + speaker.ToUpperInvariant());
    }

    private static Parsed? ParseFolder(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path));
        return EmotionLabels.TryParse(folder, out var emotion) ? new Parsed(emotion, "") : null;
    }

    [GeneratedRegex(@"^(?<modality>0[1-3])-(?<channel>0[12])-(?<emotion>0[1-8])-(?<intensity>0[12])-(?<statement>0[12])-(?<repetition>0[12])-(?<actor>\d{2})$")]
    private static partial Regex RavdessName();

    [GeneratedRegex(@"^(?<actor>\d{4})_(?<sentence>[A-Z]{3})_(?<emotion>ANG|DIS|FEA|HAP|NEU|SAD)_(?<level>[A-Z]{2})$")]
    private static partial Regex CremaDName();

    [GeneratedRegex(@"^(?<speaker>OAF|YAF)_(?<word>[A-Za-z]+)_(?<emotion>angry|disgust|fear|happy|neutral|ps|sad)$", RegexOptions.IgnoreCase)]
    private static partial Regex TessName();

    [GeneratedRegex(@"^(?<speaker>DC|JE|JK|KL)_(?<code>sa|su|a|d|f|h|n)\d{2}$", RegexOptions.IgnoreCase)]
    private static partial Regex SaveeName();

    [GeneratedRegex(@"^(?<code>sa|su|a|d|f|h|n)\d{2}$", RegexOptions.IgnoreCase)]
    private static partial Regex SaveeBareName();

    [GeneratedRegex(@"^(DC|JE|JK|KL)$", RegexOptions.IgnoreCase)]
    private static partial Regex SaveeSpeaker();
}
