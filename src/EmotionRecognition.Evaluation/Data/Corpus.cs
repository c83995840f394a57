using System.Globalization;
using System.Text;

namespace EmotionRecognition.Data;

/// <summary>Reads labelled clips from corpora on disk and writes combined manifests.</summary>
/// <example>
/// <code>
/// var clips = Corpus.Load("../shared/data/ravdess");             // kind detected from the file names
/// Corpus.WriteManifest(clips, "manifest.csv");
/// </code>
/// </example>
public static class Corpus
{
    /// <summary>Reads every labelled clip under a folder, or listed in a CSV manifest.</summary>
    /// <param name="path">A corpus folder (searched recursively) or a <c>.csv</c> manifest.</param>
    /// <param name="kind">The naming convention; <see cref="CorpusKind.Auto"/> detects it.</param>
    /// <param name="options">Reading choices; <see cref="CorpusOptions.Default"/> when null.</param>
    /// <returns>The clips, sorted by path.</returns>
    /// <exception cref="InvalidDataException">No clip follows the convention, or the manifest is malformed.</exception>
    public static IReadOnlyList<LabeledClip> Load(string path, CorpusKind kind = CorpusKind.Auto, CorpusOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= CorpusOptions.Default;
        if (kind == CorpusKind.Auto) kind = Detect(path, options);
        if (kind == CorpusKind.Csv) return CsvManifest.Read(path);
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"Corpus folder not found: {path}");

        var corpus = CorpusName(kind);
        var clips = new List<LabeledClip>();
        foreach (var file in AudioFiles(path, options))
        {
            if (FileNameConventions.Parse(kind, file, options) is { Emotion: { } emotion } parsed)
                clips.Add(new LabeledClip(file, emotion, parsed.Speaker.Length == 0 ? null : parsed.Speaker, corpus));
        }
        if (clips.Count == 0)
            throw new InvalidDataException($"No audio file under {path} follows the {kind} naming convention.");
        return clips;
    }

    /// <summary>Reads several corpora (each detected on its own unless <paramref name="kind"/> is given) into one list.</summary>
    /// <param name="paths">Corpus folders or CSV manifests.</param>
    /// <param name="kind">The naming convention for all of them, or <see cref="CorpusKind.Auto"/>.</param>
    /// <param name="options">Reading choices.</param>
    public static IReadOnlyList<LabeledClip> LoadMany(IEnumerable<string> paths, CorpusKind kind = CorpusKind.Auto, CorpusOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.SelectMany(p => Load(p, kind, options)).ToList();
    }

    /// <summary>Decides which naming convention a corpus follows: the one that most of its audio files match.</summary>
    /// <param name="path">A corpus folder, or a <c>.csv</c> manifest (always <see cref="CorpusKind.Csv"/>).</param>
    /// <param name="options">Reading choices.</param>
    /// <exception cref="InvalidDataException">No convention matches any file.</exception>
    public static CorpusKind Detect(string path, CorpusOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= CorpusOptions.Default;
        if (File.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return CorpusKind.Csv;
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"Corpus folder not found: {path}");

        var votes = new int[FileNameConventions.NameBased.Length];
        foreach (var file in AudioFiles(path, options).Take(2000))
        {
            // The first (most specific) convention a file follows gets its vote.
            var index = Array.FindIndex(FileNameConventions.NameBased, k => FileNameConventions.Parse(k, file, options) is not null);
            if (index >= 0) votes[index]++;
        }
        var best = Array.IndexOf(votes, votes.Max());
        if (votes[best] == 0)
            throw new InvalidDataException(
                $"Cannot tell which corpus {path} is: no audio file follows the RAVDESS, CREMA-D, TESS, SAVEE or folder-per-label conventions. " +
                "Pass the kind explicitly or use a CSV manifest (path,label,speaker).");
        return FileNameConventions.NameBased[best];
    }

    /// <summary>Writes clips as a CSV manifest (<c>path,label,speaker,corpus</c>) that <see cref="Load"/> reads back.</summary>
    /// <param name="clips">The clips.</param>
    /// <param name="path">The CSV file to write.</param>
    public static void WriteManifest(IEnumerable<LabeledClip> clips, string path) => CsvManifest.Write(clips, path);

    internal static string CorpusName(CorpusKind kind) => kind switch
    {
        CorpusKind.CremaD => "crema-d",
        _ => kind.ToString().ToLowerInvariant(),
    };

    // Folder symlinks are not followed, so a link cycle in a corpus can neither repeat clips nor hang the walk.
    private static IEnumerable<string> AudioFiles(string root, CorpusOptions options) =>
        Audio.FolderWalk.Files(root, f => options.AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()));
}

/// <summary>The CSV manifest format: a header row naming <c>path</c>, <c>label</c>, and optionally <c>speaker</c> and <c>corpus</c>.</summary>
internal static class CsvManifest
{
    internal static IReadOnlyList<LabeledClip> Read(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        if (lines.Length == 0) throw new InvalidDataException($"{csvPath}: the manifest is empty.");
        var header = SplitLine(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int pathCol = header.IndexOf("path"), labelCol = header.IndexOf("label");
        int speakerCol = header.IndexOf("speaker"), corpusCol = header.IndexOf("corpus");
        if (pathCol < 0 || labelCol < 0)
            throw new InvalidDataException($"{csvPath}: the header must name 'path' and 'label' columns (found: {lines[0]}).");

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var clips = new List<LabeledClip>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = SplitLine(lines[i]);
            string Cell(int c) => c >= 0 && c < cells.Count ? cells[c].Trim() : "";
            if (!EmotionLabels.TryParse(Cell(labelCol), out var emotion))
                throw new InvalidDataException($"{csvPath}, line {i + 1}: unknown label '{Cell(labelCol)}' (expected one of {string.Join(", ", EmotionLabels.All)}).");
            var file = Cell(pathCol);
            if (file.Length == 0) throw new InvalidDataException($"{csvPath}, line {i + 1}: empty path.");
            var speaker = Cell(speakerCol);
            var corpus = Cell(corpusCol);
            clips.Add(new LabeledClip(Path.GetFullPath(file, baseDir), emotion, speaker.Length == 0 ? null : speaker, corpus.Length == 0 ? "csv" : corpus));
        }
        return clips;
    }

    internal static void Write(IEnumerable<LabeledClip> clips, string csvPath)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var sb = new StringBuilder("path,label,speaker,corpus\n");
        foreach (var c in clips)
            sb.Append(CultureInfo.InvariantCulture, $"{Quote(c.Path)},{c.Emotion.ToLabel()},{Quote(c.Speaker ?? "")},{Quote(c.Corpus)}\n");
        File.WriteAllText(csvPath, sb.ToString());
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    // RFC 4180 fields: commas separate, double quotes enclose, "" inside quotes is a quote.
    private static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
