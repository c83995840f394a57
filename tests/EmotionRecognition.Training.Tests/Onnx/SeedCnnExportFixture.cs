using EmotionRecognition.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Onnx;

/// <summary>The seed CNN with prepared BatchNorm statistics and its ONNX export, built once for all its tests.</summary>
public sealed class SeedCnnExportFixture : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Metadata = new Dictionary<string, string>
    {
        ["labels"] = "angry,disgust,fear,happy,neutral,sad,surprise",
        ["feature_spec"] = """{"sample_rate":22050,"offset":0.6,"duration":2.5,"frame":2048,"hop":512,"mfcc":20,"length":2376}""",
    };

    // Built on first use: the tests that do not export the seed CNN run without the shared librosa fixtures it is prepared on.
    private readonly Lazy<(Sequential Model, byte[] Onnx)> _export = new(() =>
    {
        random.manual_seed(17);
        var model = TestModels.SeedCnn();
        TestModels.Prepare(model, FeatureRows.Take(0, 8), 8);
        return (model, OnnxHarness.Export(model, new OnnxExportOptions { Metadata = Metadata }));
    });

    internal Sequential Model => _export.Value.Model;

    internal byte[] Onnx => _export.Value.Onnx;

    public void Dispose()
    {
        if (_export.IsValueCreated) _export.Value.Model.Dispose();
    }
}
