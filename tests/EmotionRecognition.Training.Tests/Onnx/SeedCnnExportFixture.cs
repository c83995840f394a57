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

    public SeedCnnExportFixture()
    {
        random.manual_seed(17);
        Model = TestModels.SeedCnn();
        TestModels.Prepare(Model, FeatureRows.Take(0, 8), 8);
        Onnx = OnnxHarness.Export(Model, new OnnxExportOptions { Metadata = Metadata });
    }

    internal Sequential Model { get; }

    internal byte[] Onnx { get; }

    public void Dispose() => Model.Dispose();
}
