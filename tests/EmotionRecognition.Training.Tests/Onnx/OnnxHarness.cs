using System.Diagnostics;
using EmotionRecognition.Onnx;
using EmotionRecognition.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Tests.Onnx;

/// <summary>Exports models, runs them in ONNX Runtime, and asks the ONNX project's own checker about them.</summary>
internal static class OnnxHarness
{
    public static byte[] Export(nn.Module<Tensor, Tensor> model, OnnxExportOptions? options = null)
    {
        using var stream = new MemoryStream();
        OnnxExporter.Export(model, TestModels.FeatureLength, stream, options);
        return stream.ToArray();
    }

    public static ModelProto Parse(byte[] onnx) => ModelProto.Parser.ParseFrom(onnx);

    public static InferenceSession Session(byte[] onnx)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        return new InferenceSession(onnx, options);
    }

    /// <summary>Runs one [batch, length] input through the session's single input and output.</summary>
    public static float[] Run(InferenceSession session, float[] rows, int batch)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(rows, [batch, rows.Length / batch]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [input], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static float MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    /// <summary>
    /// Runs <c>onnx.checker.check_model(full_check=True)</c> (structure, operator schemas and shape inference) with
    /// Debian's python3-onnx, and fails with the checker's message if it rejects the file. Every exported graph must also pass
    /// the classifier's load-time screen (only the operators on its allow-list, no external data), or no model could carry it.
    /// </summary>
    public static void AssertCheckerAccepts(byte[] onnx)
    {
        Assert.Null(EmotionRecognition.Inference.OnnxGraphScreen.Problem(onnx));
        var dir = TestData.SharedData.NewTempDirectory("onnx-check");
        try
        {
            var path = Path.Combine(dir, "model.onnx");
            File.WriteAllBytes(path, onnx);
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList =
                {
                    "-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0,
                $"onnx.checker rejected the model (needs Debian's python3-onnx): {stderr}");
            Assert.Equal("ok", stdout.Result.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
