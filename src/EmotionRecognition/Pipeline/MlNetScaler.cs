using System.Collections.Immutable;
using EmotionRecognition.ModelFile;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace EmotionRecognition.Pipeline;

/// <summary>
/// The bridge between a model's plain scaler statistics and ML.NET's mean/variance normaliser: read the statistics out of a
/// fitted normaliser (training, format-1 models) and rebuild an equal normaliser from them (<see cref="EmotionModel.LoadScaler"/>,
/// the pipeline). Only these paths touch ML.NET; loading a format-2 model never does.
/// </summary>
internal static class MlNetScaler
{
    /// <summary>The schema of a data view with one fixed-length <c>Features</c> float vector column.</summary>
    internal static DataViewSchema FeatureSchema(int vectorLength)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(EmotionModel.FeaturesColumn, new VectorDataViewType(NumberDataViewType.Single, vectorLength));
        return builder.ToSchema();
    }

    /// <summary>The statistics of a fitted scaler that is exactly one affine ML.NET normaliser.</summary>
    /// <exception cref="EmotionModelLoadException">The transformer is anything else.</exception>
    internal static ScalerStatistics Statistics(ITransformer scaler, string source)
    {
        // Exactly one normaliser and nothing else: a chain with other transforms (an expression compiled from the file, say) must
        // not ride along with the scaler.
        var normalizer = scaler switch
        {
            NormalizingTransformer n => n,
            TransformerChain<ITransformer> chain when chain.Count() == 1 => chain.Single() as NormalizingTransformer,
            TransformerChain<NormalizingTransformer> chain when chain.Count() == 1 => chain.LastTransformer,
            _ => null,
        } ?? throw new EmotionModelLoadException(source, $"the scaler must be a single ML.NET mean/variance normaliser, not a {Describe(scaler)}.");
        if (normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
            throw new EmotionModelLoadException(source, "the scaler is not an affine (mean/variance) normaliser.");
        var scale = affine.Scale.ToArray();
        var offset = affine.Offset.IsDefaultOrEmpty ? new float[scale.Length] : affine.Offset.ToArray();
        return new ScalerStatistics(offset, scale);
    }

    /// <summary>Reads the statistics of a format-1 model's scaler entry (an ML.NET model archive): the one road that needs ML.NET
    /// when loading, kept so that models saved before format 2 still load.</summary>
    /// <remarks>Never inlined: a JIT that looked into this body while compiling <see cref="EmotionModel"/>'s load path would load
    /// ML.NET's assemblies for every model, format 2 included.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static ScalerStatistics ReadLegacy(byte[] archive, string source)
    {
        ITransformer scaler;
        try
        {
            using var stream = new MemoryStream(archive, writable: false);
            scaler = new MLContext(seed: 0).Model.Load(stream, out _);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new EmotionModelLoadException(source, $"the scaler entry ({EmotionModel.LegacyScalerEntry}) is not a loadable ML.NET model.", e);
        }
        return Statistics(scaler, source);
    }

    /// <summary>
    /// An ML.NET mean/variance normaliser of the <c>Features</c> column with these statistics. ML.NET builds normalisers only by
    /// fitting, so it is fitted on two rows <c>mean ± spread</c> with <c>spread ≈ 1/scale</c>, whose mean and (population) standard
    /// deviation are the statistics; a constant feature (factor 0) gets two equal rows, which ML.NET maps to factor 0 too.
    /// </summary>
    /// <remarks>
    /// Both rows are floats exactly <c>spread</c> away from the mean, so the fitted offset is the mean exactly; the spread is the
    /// nearest such float distance to <c>1/scale</c>, so the fitted factor is within one float step of the stored one at the mean's
    /// magnitude (a relative error of a few 1e-7 for the features of speech).
    /// </remarks>
    internal static ITransformer Create(MLContext mlContext, ScalerStatistics statistics)
    {
        var low = new float[statistics.Mean.Length];
        var high = new float[statistics.Mean.Length];
        for (var i = 0; i < low.Length; i++)
            (low[i], high[i]) = Around(statistics.Mean[i], statistics.Scale[i]);
        var data = mlContext.Data.LoadFromEnumerable([new FeatureRow { Features = low }, new FeatureRow { Features = high }], FeatureRow.Schema(low.Length));
        return mlContext.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn, fixZero: false).Fit(data);
    }

    /// <summary>Two floats whose midpoint is exactly <paramref name="mean"/> and whose half-distance is as near 1/<paramref name="scale"/>
    /// as floats allow.</summary>
    private static (float Low, float High) Around(float mean, float scale)
    {
        if (scale == 0) return (mean, mean);
        // A difference of two floats is exact in double; the mirror image is exact too unless it crosses into a coarser binade,
        // where the grid of the larger magnitude is used instead.
        var high = (float)(mean + 1.0 / scale);
        var spread = (double)high - mean;
        var low = (float)(mean - spread);
        if ((double)low == mean - spread) return (low, high);
        low = (float)(mean - 1.0 / scale);
        spread = mean - (double)low;
        return (low, (float)(mean + spread));
    }

    private static string Describe(ITransformer scaler) => scaler is IEnumerable<ITransformer> chain
        ? $"chain of [{string.Join(", ", chain.Select(t => t.GetType().Name))}]"
        : scaler.GetType().Name;

    /// <summary>One row of a fixed-length <c>Features</c> column.</summary>
    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];

        internal static SchemaDefinition Schema(int length)
        {
            var schema = SchemaDefinition.Create(typeof(FeatureRow));
            schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
            return schema;
        }
    }
}
