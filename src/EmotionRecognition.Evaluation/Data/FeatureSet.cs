namespace EmotionRecognition.Data;

/// <summary>Feature rows of clips (all augmented copies of a clip in a row, clip after clip) with their class indices.</summary>
/// <param name="Rows">One feature vector per row.</param>
/// <param name="Labels">
/// The class index of each row: <c>(int)</c><see cref="Emotion"/>, which is the row's label's position in <see cref="EmotionLabels.All"/>
/// (the fixed key mapping every model of this library uses for cross-entropy).
/// </param>
/// <param name="ClipIndices">The index, in the clip list given to the builder, of the clip each row came from.</param>
public sealed record FeatureSet(IReadOnlyList<float[]> Rows, IReadOnlyList<int> Labels, IReadOnlyList<int> ClipIndices)
{
    /// <summary>The number of rows.</summary>
    public int Count => Rows.Count;

    /// <summary>The rows at the given indices, in that order.</summary>
    /// <param name="indices">Row indices.</param>
    public FeatureSet Select(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Rows[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(), indices.Select(i => ClipIndices[i]).ToArray());
}

/// <summary>How far an extraction has come.</summary>
/// <param name="Done">Clips finished.</param>
/// <param name="Total">Clips in all.</param>
/// <param name="FromCache">Rows read from the cache rather than computed.</param>
public readonly record struct ExtractionProgress(int Done, int Total, int FromCache);
