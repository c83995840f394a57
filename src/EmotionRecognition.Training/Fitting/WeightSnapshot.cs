using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>An in-memory copy of a module's state dict (parameters and BatchNorm buffers), refreshed in place.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _copies = [];

    /// <summary>Copies the module's current state into the snapshot.</summary>
    public void Capture(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (_copies.TryGetValue(name, out var copy))
                copy.copy_(tensor);
            else
                _copies[name] = tensor.detach().clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Writes the snapshot back into the module.</summary>
    public void Restore(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, tensor) in module.state_dict())
            tensor.copy_(_copies[name]);
    }

    /// <summary>Whether anything has been captured.</summary>
    public bool IsEmpty => _copies.Count == 0;

    public void Dispose()
    {
        foreach (var copy in _copies.Values)
            copy.Dispose();
        _copies.Clear();
    }
}
