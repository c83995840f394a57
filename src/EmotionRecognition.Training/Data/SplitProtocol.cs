using System.Globalization;

namespace EmotionRecognition.Data;

/// <summary>How clips are divided into training and test data.</summary>
/// <remarks>
/// Speaker-independent protocols (<see cref="SpeakerFolds"/>, <see cref="Holdout"/>) are the honest ones: no voice is both learned
/// and tested. <see cref="SeedRandom"/> reproduces the original project's protocol (augment every clip, then split rows at random),
/// which puts copies of one clip on both sides and overstates accuracy; it exists only for comparison.
/// </remarks>
public abstract record SplitProtocol
{
    private SplitProtocol() { }

    /// <summary>K folds by speaker: each speaker's clips are tested in exactly one fold.</summary>
    /// <param name="K">The number of folds (at least 2).</param>
    public sealed record SpeakerFolds(int K) : SplitProtocol;

    /// <summary>One split: the listed speakers are tested, everyone else trains.</summary>
    /// <param name="TestSpeakers">Speaker ids; <c>17</c> matches <c>ravdess:17</c>.</param>
    public sealed record Holdout(IReadOnlyList<string> TestSpeakers) : SplitProtocol;

    /// <summary>The original project's leaky protocol: augment first, then split rows at random.</summary>
    /// <param name="TestFraction">The share of rows tested (0.2 in the original).</param>
    public sealed record SeedRandom(double TestFraction = 0.2) : SplitProtocol;

    /// <summary>The warning to show whenever <see cref="SeedRandom"/> is used.</summary>
    public const string LeakWarning =
        "seed-random splits augmented rows at random, so copies of one clip (and one voice) land in both training and test data. " +
        "Its accuracy overstates how the model does on new speakers; use it only to compare with the original project.";

    /// <summary>
    /// Parses the command-line form: <c>speaker-folds:K</c>, <c>holdout:ID,ID,…</c> or <c>seed-random[:FRACTION]</c>.
    /// </summary>
    /// <param name="text">The protocol text.</param>
    /// <exception cref="FormatException">The text names no protocol or has bad arguments.</exception>
    public static SplitProtocol Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (name, arg) = text.IndexOf(':') is var i and >= 0 ? (text[..i], text[(i + 1)..]) : (text, "");
        switch (name.Trim().ToLowerInvariant())
        {
            case "speaker-folds" when int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 2:
                return new SpeakerFolds(k);
            case "holdout" when arg.Length > 0:
                return new Holdout(arg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            case "seed-random" when arg.Length == 0:
                return new SeedRandom();
            case "seed-random" when double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f is > 0 and < 1:
                return new SeedRandom(f);
            default:
                throw new FormatException($"Unknown split '{text}'. Use speaker-folds:K (K >= 2), holdout:ID,ID,... or seed-random[:FRACTION].");
        }
    }
}
