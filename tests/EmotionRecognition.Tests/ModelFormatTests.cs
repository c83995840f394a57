using System.Text;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Fuzz;
using EmotionRecognition.TestData;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Tests;

/// <summary>
/// Format 2 keeps the scaler as plain statistics; format-1 models (an ML.NET scaler archive) still load, converted on read, and
/// classify exactly as their format-2 copies do.
/// </summary>
[Collection(TestModelCollection.Name)]
public class ModelFormatTests(TestModel model)
{
    private static readonly Lazy<(ITransformer Scaler, MLContext Ml)> RealScaler = new(() =>
    {
        // An ML.NET scaler fitted on the seed features of twelve real clips, as training fits one.
        var extractor = new FeatureExtractor(FeatureSpec.Seed);
        var rows = SharedData.RavdessFiles().Where((_, i) => i % 97 == 5).Take(12)
            .Select(f => extractor.ExtractVector(AudioLoader.Load(f, FeatureSpec.Seed.ToLoadOptions()).Samples)).ToArray();
        var ml = new MLContext(seed: 1);
        return (ml.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn, fixZero: false).Fit(FeatureRows.ToDataView(ml, rows)), ml);
    });

    private byte[] LegacyBytes()
    {
        var (scaler, ml) = RealScaler.Value;
        var seedModel = EmotionModel.Create(model.Model.OnnxModel, FeatureSpec.Seed, EmotionLabels.All, scaler, ml,
            new Dictionary<string, string> { ["model"] = "compact" });
        return LegacyModel.From(seedModel, scaler, ml);
    }

    private static byte[] Saved(EmotionModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [RequiresFact(Requirement.SharedData)]
    public void FormatOneAndFormatTwoGiveIdenticalPredictionsOnRealClips()
    {
        var legacy = LegacyBytes();
        Assert.Contains(ModelFiles.Read(legacy), e => e.Name == EmotionModel.LegacyScalerEntry);
        var v1 = EmotionModel.Load(new MemoryStream(legacy), "v1.emotion");
        var v2Bytes = Saved(v1);
        Assert.Contains("\"formatVersion\": 2", Encoding.UTF8.GetString(ModelFiles.Read(v2Bytes).Single(e => e.Name == EmotionModel.ManifestEntry).Bytes));
        Assert.DoesNotContain(ModelFiles.Read(v2Bytes), e => e.Name == EmotionModel.LegacyScalerEntry);
        var v2 = EmotionModel.Load(new MemoryStream(v2Bytes), "v2.emotion");
        Assert.Equal(v1.ScalerMean, v2.ScalerMean);
        Assert.Equal(v1.ScalerScale, v2.ScalerScale);

        using var fromV1 = EmotionClassifier.Load(v1);
        using var fromV2 = EmotionClassifier.Load(v2);
        var files = SharedData.RavdessFiles().Where((_, i) => i % 120 == 11).ToArray();
        Assert.True(files.Length >= 10);
        foreach (var file in files)
            Assert.Equal(fromV1.Classify(file).Probabilities, fromV2.Classify(file).Probabilities);
        // And a format-1 file saved today still converts into the same bytes as the model it came from.
        Assert.Equal(Saved(EmotionModel.Load(new MemoryStream(v2Bytes))), v2Bytes);
    }

    [RequiresFact(Requirement.SharedData)]
    public void TheMlNetPipelineOfAFormatTwoModelEqualsTheScalerItWasTrainedWith()
    {
        // LoadScaler rebuilds an ML.NET normaliser from the plain statistics: its output is the original scaler's, to float rounding.
        var (scaler, ml) = RealScaler.Value;
        var v2 = EmotionModel.Load(new MemoryStream(Saved(EmotionModel.Load(new MemoryStream(LegacyBytes())))));
        var extractor = new FeatureExtractor(FeatureSpec.Seed);
        var rows = SharedData.RavdessFiles().Where((_, i) => i % 201 == 3).Take(6)
            .Select(f => extractor.ExtractVector(AudioLoader.Load(f, FeatureSpec.Seed.ToLoadOptions()).Samples)).ToArray();
        var data = FeatureRows.ToDataView(ml, rows);
        var expected = scaler.Transform(data).GetColumn<float[]>(EmotionModel.FeaturesColumn).ToArray();
        var rebuilt = v2.LoadScaler(ml).Transform(data).GetColumn<float[]>(EmotionModel.FeaturesColumn).ToArray();
        for (var r = 0; r < rows.Length; r++)
            for (var i = 0; i < rows[r].Length; i++)
                Assert.Equal(expected[r][i], rebuilt[r][i], 1e-5);
    }

    [RequiresFact(Requirement.SharedData)]
    public void CorruptScalerStatisticsAreRefusedClearly()
    {
        var saved = Saved(model.Model);
        var statistics = ModelFiles.Read(saved).Single(e => e.Name == EmotionModel.ScalerStatisticsEntry).Bytes;

        // Damaged in the file: the checksum no longer matches.
        var flipped = ModelFiles.Write(ModelFiles.Read(saved).Select(e => e.Name == EmotionModel.ScalerStatisticsEntry
            ? (e.Name, (byte[])[.. e.Bytes[..^2], (byte)(e.Bytes[^2] ^ 1), e.Bytes[^1]]) : e).ToList());
        Assert.Equal("s.emotion: entry scaler.json is damaged (its SHA-256 does not match the manifest).", Refusal(flipped));

        // Re-sealed, so only the content can tell: not JSON, a list missing, the wrong length, a negative factor, a non-number.
        var text = Encoding.UTF8.GetString(statistics);
        Assert.Contains("are not valid JSON", Refusal(ModelFiles.WithEntry(saved, EmotionModel.ScalerStatisticsEntry, "{\"mean\": [1, 2"u8.ToArray())));
        Assert.Contains("lack the mean or the scale list", Refusal(ModelFiles.WithEntry(saved, EmotionModel.ScalerStatisticsEntry, "{\"mean\": [1]}"u8.ToArray())));
        var shorter = "{\"mean\": [0.5], \"scale\": [2]}"u8.ToArray();
        Assert.Equal("s.emotion: the scaler has 1 means and 1 factors but the feature spec needs 2376 of each.",
            Refusal(ModelFiles.WithEntry(saved, EmotionModel.ScalerStatisticsEntry, shorter)));
        var negative = Encoding.UTF8.GetBytes(ReplaceFirstNumber(text, "\"scale\"", "-1"));
        Assert.Contains("the scaler's value 0 is not usable (mean", Refusal(ModelFiles.WithEntry(saved, EmotionModel.ScalerStatisticsEntry, negative)));
        var notANumber = Encoding.UTF8.GetBytes(ReplaceFirstNumber(text, "\"mean\"", "\"NaN\""));
        Assert.Contains("are not valid JSON", Refusal(ModelFiles.WithEntry(saved, EmotionModel.ScalerStatisticsEntry, notANumber)));
    }

    [RequiresFact(Requirement.SharedData)]
    public void AFormatOneScalerThatCarriesMoreThanANormaliserIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, FeatureSpec.Seed.VectorLength).Select(i => (float)((r * 31 + i) % 17)).ToArray()).ToArray();
        var data = FeatureRows.ToDataView(ml, rows);
        var chain = ml.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn)
            .Append(ml.Transforms.CopyColumns("Copy", EmotionModel.FeaturesColumn)).Fit(data);
        var bytes = LegacyModel.From(model.Model, chain, ml);

        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(bytes), "chained.emotion"));
        Assert.Contains("the scaler must be a single ML.NET mean/variance normaliser, not a chain of [NormalizingTransformer, ColumnCopyingTransformer]", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void LoadingAFormatTwoModelLoadsNoMlNetAssemblyButAFormatOneModelDoes()
    {
        // This process has ML.NET loaded already, so the model is loaded in a fresh load context that records every assembly
        // EmotionRecognition asks for.
        Assert.Empty(MlNetAssembliesRequestedToLoad(Saved(model.Model)));
        Assert.Contains("Microsoft.ML.Core", MlNetAssembliesRequestedToLoad(LegacyBytes()));
    }

    private static string[] MlNetAssembliesRequestedToLoad(byte[] model)
    {
        var context = new RecordingLoadContext(Path.GetDirectoryName(typeof(EmotionModel).Assembly.Location)!);
        try
        {
            var assembly = context.LoadFromAssemblyName(typeof(EmotionModel).Assembly.GetName());
            // Found by metadata token: looking it up by name and parameter types would resolve every overload's signature,
            // LoadScaler(MLContext) included, and load ML.NET through reflection rather than through the load path.
            var token = typeof(EmotionModel).GetMethod(nameof(EmotionModel.Load), [typeof(Stream), typeof(string)])!.MetadataToken;
            var load = (System.Reflection.MethodInfo)assembly.ManifestModule.ResolveMethod(token)!;
            Assert.NotNull(load.Invoke(null, [new MemoryStream(model), "isolated.emotion"]));
            // ONNX Runtime's managed assembly shares the prefix but is not ML.NET.
            return context.Requested.Where(n => n.StartsWith("Microsoft.ML", StringComparison.Ordinal) && !n.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)).ToArray();
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the test's own copies of our and ML.NET's assemblies in isolation and records each name asked for.</summary>
    private sealed class RecordingLoadContext(string directory) : System.Runtime.Loader.AssemblyLoadContext(isCollectible: true)
    {
        public List<string> Requested { get; } = [];

        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name)
        {
            Requested.Add(name.Name!);
            var path = Path.Combine(directory, name.Name + ".dll");
            // The framework (not in the test's folder) comes from the default context.
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    private static string Refusal(byte[] model) =>
        Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(model), "s.emotion")).Message;

    /// <summary>The JSON with the first number of the list named <paramref name="list"/> replaced.</summary>
    private static string ReplaceFirstNumber(string json, string list, string value)
    {
        var start = json.IndexOf('[', json.IndexOf(list, StringComparison.Ordinal)) + 1;
        var end = json.IndexOfAny([',', ']'], start);
        return json[..start] + value + json[end..];
    }
}
