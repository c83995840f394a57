using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Tests;

/// <summary>Feature rows (all of one length) as a data view with one fixed-length <c>Features</c> column, as scalers need.</summary>
internal static class FeatureRows
{
    public static IDataView ToDataView(MLContext ml, IReadOnlyList<float[]> rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnName = EmotionModel.FeaturesColumn;
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }), schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
