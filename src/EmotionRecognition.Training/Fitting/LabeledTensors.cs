using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>Feature rows as one float32 tensor <c>[rows, width]</c>, with optional int64 labels <c>[rows]</c>.</summary>
internal sealed class LabeledTensors : IDisposable
{
    private LabeledTensors(Tensor features, Tensor? labels, int count, int width)
    {
        Features = features;
        Labels = labels;
        Count = count;
        Width = width;
    }

    public Tensor Features { get; }

    public Tensor? Labels { get; }

    public int Count { get; }

    public int Width { get; }

    /// <summary>Checks and copies rows (and labels, when given) into tensors.</summary>
    public static LabeledTensors Create(IReadOnlyList<float[]> rows, IReadOnlyList<int>? labels, string paramName)
    {
        ArgumentNullException.ThrowIfNull(rows, paramName);
        if (rows.Count == 0)
            throw new ArgumentException("At least one row is needed.", paramName);
        var width = rows[0]?.Length ?? 0;
        var flat = new float[checked(rows.Count * width)];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row is null || row.Length != width || width == 0)
                throw new ArgumentException($"Row {i} is missing or does not have {width} features.", paramName);
            row.CopyTo(flat, i * width);
        }
        var features = torch.tensor(flat, [rows.Count, width]).DetachFromDisposeScope();
        return new LabeledTensors(features, labels is null ? null : LabelTensor(labels, rows.Count, paramName), rows.Count, width);
    }

    private static Tensor LabelTensor(IReadOnlyList<int> labels, int count, string paramName)
    {
        if (labels.Count != count)
            throw new ArgumentException($"There are {count} rows but {labels.Count} labels.", paramName);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            if (labels[i] < 0)
                throw new ArgumentException($"Label {i} is negative.", paramName);
            values[i] = labels[i];
        }
        return torch.tensor(values).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels?.Dispose();
    }
}
