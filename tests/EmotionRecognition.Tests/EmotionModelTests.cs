using System.IO.Compression;
using System.Text;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.TestData;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionRecognition.Tests;

public class EmotionModelTests
{
    private static readonly Lazy<(EmotionModel Model, float[][] Rows, ITransformer Scaler, MLContext Ml)> Sample = new(Build);

    // Real feature rows of twelve RAVDESS clips, a scaler fitted on them, and stand-in ONNX bytes (the model does not parse ONNX).
    private static (EmotionModel, float[][], ITransformer, MLContext) Build()
    {
        var spec = FeatureSpec.Seed;
        var extractor = new FeatureExtractor(spec);
        var rows = SharedData.RavdessFiles().Take(12)
            .Select(f => extractor.ExtractVector(AudioLoader.Load(f, spec.ToLoadOptions()).Samples))
            .ToArray();
        var ml = new MLContext(seed: 1);
        var data = FeatureRows.ToDataView(ml, rows);
        var scaler = ml.Transforms.NormalizeMeanVariance(EmotionModel.FeaturesColumn, fixZero: false).Fit(data);
        var model = EmotionModel.Create(Encoding.ASCII.GetBytes("not really onnx"), spec, EmotionLabels.All, scaler, ml,
            new Dictionary<string, string> { ["corpus"] = "ravdess", ["seed"] = "1" }, metricsJson: "{\"accuracy\":0.5}");
        return (model, rows, scaler, ml);
    }

    private static byte[] Saved(EmotionModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [RequiresFact(Requirement.SharedData)]
    public void RoundTripKeepsEveryPart()
    {
        var (model, _, _, _) = Sample.Value;
        var back = EmotionModel.Load(new MemoryStream(Saved(model)), "sample");
        Assert.Equal(FeatureSpec.Seed, back.FeatureSpec);
        Assert.Equal(EmotionLabels.All, back.Labels);
        Assert.Equal(model.OnnxModel, back.OnnxModel);
        Assert.Equal("ravdess", back.Provenance["corpus"]);
        Assert.Equal("{\"accuracy\":0.5}", back.MetricsJson);
        Assert.Equal(("features", "probabilities"), (back.InputName, back.OutputName));
        Assert.Equal(model.ScalerMean, back.ScalerMean);
        Assert.Equal(model.ScalerScale, back.ScalerScale);
        Assert.Equal(Saved(model), Saved(back)); // deterministic bytes
    }

    [RequiresFact(Requirement.SharedData)]
    public void FastScalingEqualsTheMlNetScalerAndStandardises()
    {
        var (model, rows, scaler, ml) = Sample.Value;
        var loaded = EmotionModel.Load(new MemoryStream(Saved(model))).LoadScaler(ml);
        var data = FeatureRows.ToDataView(ml, rows);
        var expected = loaded.Transform(data).GetColumn<float[]>(EmotionModel.FeaturesColumn).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            var mine = (float[])rows[r].Clone();
            model.Scale(mine);
            // LoadScaler fits ML.NET's normaliser to the stored statistics: equal to a float step of the feature's magnitude.
            for (var i = 0; i < mine.Length; i++) Assert.Equal(expected[r][i], mine[i], 1e-6 * Math.Max(1, Math.Abs(mine[i])));
        }
        // Standard scaling: each column of the training rows now has mean ~0 (a constant column maps to 0).
        var scaled = rows.Select(r => { var c = (float[])r.Clone(); model.Scale(c); return c; }).ToArray();
        for (var i = 0; i < scaled[0].Length; i += 37)
            Assert.InRange(scaled.Average(r => r[i]), -1e-3, 1e-3);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DamagedEntryIsRefused()
    {
        var flipped = Rewrite(Saved(Sample.Value.Model), (name, data) => name == EmotionModel.OnnxEntry ? [(byte)(data[0] ^ 1), .. data[1..]] : data);
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(flipped), "m.emotion"));
        Assert.Equal("m.emotion: entry model.onnx is damaged (its SHA-256 does not match the manifest).", e.Message);
        var longer = Rewrite(Saved(Sample.Value.Model), (name, data) => name == EmotionModel.OnnxEntry ? [.. data, 0] : data);
        e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(longer), "m.emotion"));
        Assert.Equal("m.emotion: entry model.onnx is damaged (it holds 16 bytes; the manifest says 15).", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void NewerFormatVersionIsRefusedWithAClearMessage()
    {
        var bytes = Rewrite(Saved(Sample.Value.Model), (name, data) => name == EmotionModel.ManifestEntry
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("\"formatVersion\": 2", "\"formatVersion\": 9"))
            : data);
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(bytes)));
        Assert.Contains("format 9", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void MissingOrUnlistedEntriesAreRefused()
    {
        var saved = Saved(Sample.Value.Model);
        var missing = Rewrite(saved, (name, data) => name == EmotionModel.LabelsEntry ? null : data);
        Assert.Contains("labels.json is missing", Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(missing))).Message);
        var extra = Rewrite(saved, (name, data) => data, ("payload.dll", [1, 2, 3]));
        Assert.Contains("payload.dll is not listed", Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(extra))).Message);
    }

    private static byte[] WithDeclaredSizes(byte[] model, params (string Entry, long Bytes)[] sizes) =>
        Rewrite(model, (name, data) =>
        {
            if (name != EmotionModel.ManifestEntry) return data;
            var text = Encoding.UTF8.GetString(data);
            foreach (var (entry, bytes) in sizes)
                text = System.Text.RegularExpressions.Regex.Replace(text, $"(\"{System.Text.RegularExpressions.Regex.Escape(entry)}\": \\{{\\s*\"bytes\": )\\d+", $"${{1}}{bytes}");
            return Encoding.UTF8.GetBytes(text);
        });

    [RequiresFact(Requirement.SharedData)]
    public void UnlistedEntriesAreRefusedBeforeAnythingIsInflated()
    {
        // 300 MB of zeros deflate to a few hundred kilobytes; checking the manifest first means they are never inflated.
        var bomb = Rewrite(Saved(Sample.Value.Model), (name, data) => data, ("padding.bin", new byte[300 * 1024 * 1024]));
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(bomb)));
        Assert.Contains("padding.bin is not listed in the manifest", e.Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void DeclaredSizesAreCappedInTotalAndHeldToWhatIsInflated()
    {
        var saved = Saved(Sample.Value.Model);
        var total = WithDeclaredSizes(saved, (EmotionModel.OnnxEntry, 200_000_000), (EmotionModel.ScalerStatisticsEntry, 200_000_000), (EmotionModel.LabelsEntry, 200_000_000));
        Assert.Contains("add up to more than 512 MB", Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(total))).Message);
        var single = WithDeclaredSizes(saved, (EmotionModel.OnnxEntry, 300_000_000));
        Assert.Contains("claims more bytes than a model holds", Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(single))).Message);
        var understated = WithDeclaredSizes(saved, (EmotionModel.LabelsEntry, 5));
        Assert.Contains("labels.json is damaged (it holds", Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(understated))).Message);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SavingOverAModelReplacesItWholeAndLeavesNoTemporaryFile()
    {
        var dir = SharedData.NewTempDirectory("model-save");
        try
        {
            var path = Path.Combine(dir, "model.emotion");
            File.WriteAllText(path, "the previous model");
            Sample.Value.Model.Save(path);
            Assert.Equal(Saved(Sample.Value.Model), File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(dir));
            // A save that cannot finish (the target is a folder) fails without touching what is there.
            var folder = Path.Combine(dir, "taken");
            Directory.CreateDirectory(folder);
            Assert.ThrowsAny<IOException>(() => Sample.Value.Model.Save(folder));
            Assert.True(Directory.Exists(folder));
            Assert.Equal([path], Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresTheory(Requirement.SharedData)]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(5000)]
    public void NonModelsAreRefused(int length)
    {
        var noise = new byte[length];
        new Random(length).NextBytes(noise);
        var e = Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(noise), "random.bin"));
        Assert.StartsWith("random.bin: ", e.Message);
        var flac = File.ReadAllBytes(SharedData.RavdessFiles()[0]);
        Assert.Throws<EmotionModelLoadException>(() => EmotionModel.Load(new MemoryStream(flac)));
    }

    private static byte[] Rewrite(byte[] model, Func<string, byte[], byte[]?> change, (string Name, byte[] Data)? add = null)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(model)))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var s = entry.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                if (change(entry.FullName, copy.ToArray()) is not { } data) continue;
                using var t = target.CreateEntry(entry.FullName).Open();
                t.Write(data);
            }
            if (add is { } extra)
            {
                using var t = target.CreateEntry(extra.Name).Open();
                t.Write(extra.Data);
            }
        }
        return output.ToArray();
    }
}
