using System.CommandLine;
using EmotionRecognition.Data;

namespace EmotionRecognition.Cli;

/// <summary>The <c>--data</c>, <c>--corpus</c> and <c>--cache</c> options shared by <c>train</c>, <c>evaluate</c> and <c>combine</c>.</summary>
internal sealed class CorpusInputs
{
    private static readonly string[] KindNames = ["auto", "ravdess", "crema-d", "tess", "savee", "folder", "csv"];

    internal Option<string[]> Data { get; } = new("--data")
    {
        Description = "Corpus folders or CSV manifests (path,label,speaker).",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
    };

    internal Option<string> Corpus { get; } = CreateCorpus();

    internal Option<string?> Cache { get; } = new("--cache")
    {
        Description = $"Feature cache folder (default {FeatureCache.DefaultDirectory}).",
    };

    internal void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Corpus);
        command.Options.Add(Cache);
    }

    /// <summary>Adds <c>--data</c> (not required) and <c>--corpus</c>, for a command that reads a corpus only on request.</summary>
    internal void AddOptionalTo(Command command)
    {
        Data.Required = false;
        command.Options.Add(Data);
        command.Options.Add(Corpus);
    }

    internal IReadOnlyList<LabeledClip> LoadClips(ParseResult parse) =>
        EmotionRecognition.Data.Corpus.LoadMany(parse.GetValue(Data)!, ParseKind(parse.GetValue(Corpus)!));

    internal FeatureCache OpenCache(ParseResult parse) => new(parse.GetValue(Cache));

    private static CorpusKind ParseKind(string text) => Enum.Parse<CorpusKind>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);

    private static Option<string> CreateCorpus()
    {
        var option = new Option<string>("--corpus") { Description = "The corpora's naming convention.", DefaultValueFactory = _ => "auto" };
        option.AcceptOnlyFromAmong(KindNames);
        return option;
    }
}
