using EmotionRecognition.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EmotionRecognition.Onnx;

/// <summary>Runs a float32 model over calibration rows and records the range of chosen intermediate values.</summary>
internal static class ActivationCalibrator
{
    private const int BatchSize = 8;

    /// <summary>The [min, max] of each value over all rows, widened to include 0 (so that 0 is exactly representable).</summary>
    public static Dictionary<string, (float Min, float Max)> Measure(ModelProto model, IReadOnlyList<string> values,
        IReadOnlyList<float[]> rows, CancellationToken cancellationToken)
    {
        var input = model.Graph.Input.Single();
        var length = (int)input.Type.TensorType.Shape.Dim[1].DimValue;
        if (rows.Count == 0)
            throw new ArgumentException("At least one calibration row is needed.", nameof(rows));
        if (rows.Any(r => r is null || r.Length != length))
            throw new ArgumentException($"Every calibration row must hold {length} values.", nameof(rows));

        using var session = new InferenceSession(WithOutputs(model, values));
        var ranges = values.ToDictionary(v => v, _ => (Min: 0f, Max: 0f));
        using var runOptions = new RunOptions();
        var outputNames = values.ToArray();
        for (var first = 0; first < rows.Count; first += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = rows.Skip(first).Take(BatchSize).ToArray();
            using var tensor = OrtValue.CreateTensorValueFromMemory(batch.SelectMany(r => r).ToArray(), [batch.Length, length]);
            using var outputs = session.Run(runOptions, [input.Name], [tensor], outputNames);
            for (var i = 0; i < values.Count; i++)
            {
                var data = outputs[i].GetTensorDataAsSpan<float>();
                var (min, max) = ranges[values[i]];
                ranges[values[i]] = (Math.Min(min, System.Numerics.Tensors.TensorPrimitives.Min(data)),
                    Math.Max(max, System.Numerics.Tensors.TensorPrimitives.Max(data)));
            }
        }
        return ranges;
    }

    /// <summary>A copy of the model that also outputs <paramref name="values"/> (float tensors of any shape).</summary>
    private static byte[] WithOutputs(ModelProto model, IEnumerable<string> values)
    {
        var copy = model.Clone();
        foreach (var name in values)
        {
            var type = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
            copy.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = type } });
        }
        return copy.ToByteArray();
    }
}
