using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Training;

/// <summary>ML.NET's mean/variance normalisation of feature rows: fitted on training rows only, applied to any rows.</summary>
internal static class FeatureScaling
{
    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    /// <summary>Fits <c>NormalizeMeanVariance(Features, fixZero: false)</c> on <paramref name="trainingRows"/>.</summary>
    internal static ITransformer Fit(MLContext mlContext, IReadOnlyList<float[]> trainingRows)
    {
        var data = ToDataView(mlContext, trainingRows);
        return mlContext.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn, fixZero: false).Fit(data);
    }

    /// <summary>The rows after the fitted scaler (new arrays; the inputs are left alone).</summary>
    internal static float[][] Apply(MLContext mlContext, ITransformer scaler, IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) return [];
        var transformed = scaler.Transform(ToDataView(mlContext, rows));
        return mlContext.Data.CreateEnumerable<FeatureRow>(transformed, reuseRowObject: false, schemaDefinition: Schema(rows[0].Length))
            .Select(r => r.Features).ToArray();
    }

    private static IDataView ToDataView(MLContext mlContext, IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("No rows to scale.", nameof(rows));
        return mlContext.Data.LoadFromEnumerable(rows.Select(r => new FeatureRow { Features = r }), Schema(rows[0].Length));
    }

    private static SchemaDefinition Schema(int length)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnName = EmotionModel.FeaturesColumn;
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
        return schema;
    }
}
