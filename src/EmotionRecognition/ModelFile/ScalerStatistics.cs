using System.Text.Json;

namespace EmotionRecognition.ModelFile;

/// <summary>
/// The fitted standard scaler as plain data (the <c>scaler.json</c> entry of a format-2 model): <c>scaled = (x - mean) * scale</c>,
/// one mean and one factor per feature (per band for a variable-length spec); a factor of 0 marks a constant feature.
/// </summary>
/// <param name="Mean">The offsets.</param>
/// <param name="Scale">The factors: 1 / standard deviation, 0 for a constant feature.</param>
internal sealed record ScalerStatistics(float[] Mean, float[] Scale)
{
    internal byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ModelJsonContext.Default.ScalerStatistics);

    /// <summary>Reads and checks the statistics: both lists present, <paramref name="length"/> values each, every value finite and
    /// every factor non-negative, so no model can scale features into NaN or garbage.</summary>
    /// <exception cref="EmotionModelLoadException">The entry is not valid statistics of that length.</exception>
    internal static ScalerStatistics Parse(byte[] json, int length, string source)
    {
        ScalerStatistics? statistics;
        try
        {
            statistics = JsonSerializer.Deserialize(json, ModelJsonContext.Default.ScalerStatistics);
        }
        catch (JsonException e)
        {
            throw new EmotionModelLoadException(source, $"the scaler statistics ({EmotionModel.ScalerStatisticsEntry}) are not valid JSON: {e.Message}", e);
        }
        if (statistics?.Mean is null || statistics.Scale is null)
            throw new EmotionModelLoadException(source, $"the scaler statistics ({EmotionModel.ScalerStatisticsEntry}) lack the mean or the scale list.");
        statistics.CheckAgainst(length, source);
        return statistics;
    }

    /// <summary>Checks the lengths against the feature spec and the values for sense, whichever format the statistics came from.</summary>
    internal void CheckAgainst(int length, string source)
    {
        if (Mean.Length != length || Scale.Length != length)
            throw new EmotionModelLoadException(source,
                $"the scaler has {Mean.Length} means and {Scale.Length} factors but the feature spec needs {length} of each.");
        var bad = Array.FindIndex(Mean, v => !float.IsFinite(v));
        if (bad < 0) bad = Array.FindIndex(Scale, v => !float.IsFinite(v) || v < 0);
        if (bad >= 0)
            throw new EmotionModelLoadException(source,
                $"the scaler's value {bad} is not usable (mean {Mean[bad]}, factor {Scale[bad]}); means must be finite and factors finite and non-negative.");
    }
}
