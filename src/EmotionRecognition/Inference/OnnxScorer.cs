using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmotionRecognition.Inference;

/// <summary>
/// Runs a model's ONNX graph on scaled feature rows with one shared ONNX Runtime session. <c>Run</c> is thread-safe (ONNX Runtime
/// sessions are), so one scorer serves every thread. Disposing while other threads are inside <c>Run</c> is safe: the native session
/// is released when the last of them leaves, and later calls throw <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    // One-element name lists for Run, built once instead of on every call.
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Lock _gate = new();
    private int _running;
    private bool _disposed;

    internal OnnxScorer(EmotionModel model, SessionOptions? options = null, string source = "model")
    {
        ArgumentNullException.ThrowIfNull(model);
        var spec = model.FeatureSpec;
        FeatureLength = spec.VectorLength;
        FrameWidth = spec.IsVariableLength ? spec.FrameWidth : 0;
        ClassCount = model.Labels.Count;
        _inputNames = [model.InputName];
        _outputNames = [model.OutputName];
        if (OnnxGraphScreen.Problem(model.OnnxModel) is { } problem)
            throw new EmotionModelLoadException(source, $"the ONNX graph {problem}; a model must carry all its weights and use only the operators our exporters emit.");
        try
        {
            _session = options is null ? new InferenceSession(model.OnnxModel) : new InferenceSession(model.OnnxModel, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EmotionModelLoadException(source, "the ONNX graph cannot be loaded by ONNX Runtime.", e);
        }
        try
        {
            CheckShapes(source);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>Values per input row.</summary>
    internal int FeatureLength { get; }

    /// <summary>Values per frame for a graph of <c>[batch, frames, FrameWidth]</c> inputs; 0 for fixed-length rows.</summary>
    internal int FrameWidth { get; }

    /// <summary>Probabilities per output row.</summary>
    internal int ClassCount { get; }

    /// <summary>Scores <c>rows</c> scaled feature rows (row-major in <paramref name="features"/>) into <paramref name="probabilities"/>.</summary>
    /// <remarks>Cancelling <paramref name="cancellationToken"/> terminates a graph run already in progress (ONNX Runtime's
    /// <c>RunOptions.Terminate</c>) and throws <see cref="OperationCanceledException"/>.</remarks>
    internal void Run(ReadOnlySpan<float> features, int rows, Span<float> probabilities, CancellationToken cancellationToken = default)
    {
        if (FrameWidth > 0) throw new InvalidOperationException("This graph reads frames; use RunFrames.");
        if (features.Length != rows * FeatureLength) throw new ArgumentException($"expected {rows} x {FeatureLength} features", nameof(features));
        Run(features, [rows, FeatureLength], rows, probabilities, cancellationToken);
    }

    /// <summary>Scores one utterance of <c>features.Length / FrameWidth</c> scaled frames into <paramref name="probabilities"/>.</summary>
    internal void RunFrames(ReadOnlySpan<float> features, Span<float> probabilities, CancellationToken cancellationToken = default)
    {
        if (FrameWidth == 0) throw new InvalidOperationException("This graph reads fixed-length rows; use Run.");
        if (features.Length == 0 || features.Length % FrameWidth != 0) throw new ArgumentException($"expected whole frames of {FrameWidth}", nameof(features));
        Run(features, [1, features.Length / FrameWidth, FrameWidth], 1, probabilities, cancellationToken);
    }

    private void Run(ReadOnlySpan<float> features, long[] shape, int rows, Span<float> probabilities, CancellationToken cancellationToken)
    {
        if (probabilities.Length < rows * ClassCount) throw new ArgumentException($"room for {rows} x {ClassCount} probabilities needed", nameof(probabilities));
        Enter();
        try
        {
            // ONNX Runtime reads the input in place; copying into a pinned array would cost more than the graph's first layer.
            unsafe
            {
                fixed (float* input = features)
                {
                    using var inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                        shape, (IntPtr)input, features.Length * sizeof(float));
                    using var run = CancellableRun.Start(cancellationToken);
                    using var outputs = RunGraph(run, inputValue, cancellationToken);
                    outputs[0].GetTensorDataAsSpan<float>()[..(rows * ClassCount)].CopyTo(probabilities);
                }
            }
            for (var row = 0; row < rows; row++)
                if (!IsDistribution(probabilities.Slice(row * ClassCount, ClassCount)))
                    throw new ModelOutputException($"The model gave [{string.Join(", ", probabilities.Slice(row * ClassCount, ClassCount).ToArray())}] " +
                        $"for row {row}, which are not probabilities; its weights are broken.");
        }
        finally
        {
            Exit();
        }
    }

    // A session freed under a running inference would be a use-after-free in native code, so Dispose only marks the scorer and
    // the last running call releases the session.
    private void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running++;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_running > 0 || !_disposed) return;
        }
        _session.Dispose();
    }

    private IDisposableReadOnlyCollection<OrtValue> RunGraph(CancellableRun run, OrtValue input, CancellationToken cancellationToken)
    {
        try
        {
            return _session.Run(run.Options, _inputNames, [input], _outputNames);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The model run was terminated because the operation was cancelled.", e, cancellationToken);
        }
    }

    private static bool IsDistribution(ReadOnlySpan<float> p)
    {
        var sum = 0f;
        foreach (var v in p)
        {
            if (!(v >= 0 && v <= 1)) return false;
            sum += v;
        }
        return Math.Abs(sum - 1) <= 1e-3f;
    }

    private void CheckShapes(string source)
    {
        if (!_session.InputMetadata.TryGetValue(_inputNames[0], out var input))
            throw new EmotionModelLoadException(source, $"the ONNX graph has no input named '{_inputNames[0]}'.");
        if (!_session.OutputMetadata.TryGetValue(_outputNames[0], out var output))
            throw new EmotionModelLoadException(source, $"the ONNX graph has no output named '{_outputNames[0]}'.");
        if (FrameWidth > 0)
        {
            // A variable frame count must be symbolic (-1): a fixed one would refuse every utterance of another length.
            if (input.Dimensions.Length != 3 || input.Dimensions[1] != -1 || input.Dimensions[2] != FrameWidth)
                throw new EmotionModelLoadException(source,
                    $"the ONNX input takes [{string.Join(", ", input.Dimensions)}] but the feature spec makes [batch, frames, {FrameWidth}] utterances of any length.");
        }
        else if (input.Dimensions.Length != 2 || input.Dimensions[1] != FeatureLength)
            throw new EmotionModelLoadException(source,
                $"the ONNX input takes [{string.Join(", ", input.Dimensions)}] but the feature spec makes vectors of {FeatureLength}.");
        if (output.Dimensions.Length != 2 || output.Dimensions[1] != ClassCount)
            throw new EmotionModelLoadException(source,
                $"the ONNX output gives [{string.Join(", ", output.Dimensions)}] but the model has {ClassCount} labels.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_running > 0) return;
        }
        _session.Dispose();
    }
}
