using System.Globalization;
using System.Text;
using EmotionRecognition.Data;
using EmotionRecognition.IO;

namespace EmotionRecognition.Evaluation;

/// <summary>
/// Every test clip of a fold with its true emotion and the model's seven probabilities, as CSV. Runs that share their folds can
/// then be compared clip by clip, or averaged into an ensemble scored on voices none of its members heard.
/// </summary>
internal static class TestPredictions
{
    public static void Write(string path, IReadOnlyList<LabeledClip> clips, IReadOnlyList<float[]> probabilities)
    {
        if (clips.Count != probabilities.Count) throw new ArgumentException("One row of probabilities per clip is needed.", nameof(probabilities));
        var text = new StringBuilder("file,speaker,truth");
        foreach (var label in EmotionLabels.All) text.Append(',').Append(label);
        text.Append('\n');
        for (var i = 0; i < clips.Count; i++)
        {
            text.Append(Path.GetFileName(clips[i].Path)).Append(',').Append(clips[i].Speaker).Append(',').Append(clips[i].Emotion.ToLabel());
            foreach (var p in probabilities[i]) text.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
