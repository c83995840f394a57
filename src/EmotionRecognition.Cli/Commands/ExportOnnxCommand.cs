using System.CommandLine;

namespace EmotionRecognition.Cli.Commands;

/// <summary><c>emotion export-onnx --model FILE --out FILE.onnx</c>: the bundle's ONNX graph alone, for other runtimes.</summary>
internal static class ExportOnnxCommand
{
    internal static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "The model bundle.", Required = true };
        var outPath = new Option<string>("--out") { Description = "The .onnx file to write.", Required = true };
        var command = new Command("export-onnx", "Write a model bundle's ONNX graph (input: scaled features, output: probabilities).") { model, outPath };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(outPath)!, output, error));
        return command;
    }

    private static int Run(string modelPath, string outPath, TextWriter output, TextWriter error)
    {
        try
        {
            var bundle = ModelBundle.Load(modelPath);
            bundle.SaveOnnx(outPath);
            output.WriteLine($"{outPath}: input '{bundle.InputName}' [batch, {bundle.FeatureSpec.VectorLength}] (features scaled with the bundle's scaler), " +
                $"output '{bundle.OutputName}' [batch, {bundle.Labels.Count}] probabilities of {string.Join(", ", bundle.Labels)}");
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return ExitCodes.Report(error, modelPath, e);
        }
    }
}
