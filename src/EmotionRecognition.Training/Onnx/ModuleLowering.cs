using TorchSharp;
using TorchSharp.Modules;
using EmotionRecognition.Training.Networks;
using static EmotionRecognition.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Translates a chain of TorchSharp layers into ONNX nodes, one layer at a time, tracking the value's shape
/// (without the batch dimension) so that reshapes and "same" padding can be made explicit.
/// </summary>
internal sealed class ModuleLowering
{
    private const string SupportedLayers =
        "Sequential, Unflatten, Flatten, Conv1d, Conv2d, BatchNorm1d, BatchNorm2d, ReLU, Softmax, ConstantPad1d, ConstantPad2d, "
        + "ZeroPad2d, MaxPool1d, MaxPool2d, AdaptiveAvgPool1d(1), AdaptiveAvgPool2d(1), Linear, Dropout, Dropout1d, Dropout2d, Identity, "
        + "the matrix model's FeatureMatrix, UtteranceNormalization and SpectrogramMasking, "
        + "and the utterance model's SpectrogramImage, BandNormalization and MeanMaxPooling";

    private readonly OnnxGraphBuilder _graph;
    private string _value;
    private long[] _shape;

    // Pads of a -inf ConstantPad waiting to be merged into the MaxPool that follows it: [begins..., ends...] over spatial axes.
    private long[]? _pendingPoolPads;

    // Opset 18 moved ReduceMean's axes from an attribute to an input.
    private const int ReduceAxesAsInputOpset = 18;

    private readonly int _opset;

    // Set when several models share one graph (an ensemble), so that their node and initializer names stay apart.
    private string _prefix = "";

    public ModuleLowering(OnnxGraphBuilder graph, string input, long[] shapeAfterBatch, int opset = OnnxExportOptions.DefaultOpset)
    {
        _opset = opset;
        _graph = graph;
        _value = input;
        _shape = shapeAfterBatch;
    }

    /// <summary>The current value's shape without the batch dimension.</summary>
    public long[] Shape => _shape;

    /// <summary>Lowers every layer of <paramref name="model"/>, naming nodes and initializers under <paramref name="prefix"/> when given.</summary>
    public void Lower(nn.Module model, string prefix = "")
    {
        if (prefix.Length > 0) _prefix = prefix;
        var layers = Leaves(model, prefix).ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var (path, layer) = layers[i];
            var next = i + 1 < layers.Count ? layers[i + 1].Module : null;
            Lower(path, layer, next);
        }
    }

    /// <summary>Ends the graph in <paramref name="outputName"/>, through a Softmax over the last axis when asked.</summary>
    public void Finish(string outputName, bool appendSoftmax)
    {
        if (appendSoftmax)
            _graph.AddNode("Softmax", _prefix.Length > 0 ? $"/{_prefix}/softmax" : "/softmax", [_value], outputName, Int("axis", -1));
        else if (!_graph.TryRenameLastOutput(_value, outputName))
            _graph.AddNode("Identity", "/output", [_value], outputName);
        _value = outputName;
    }

    private static IEnumerable<(string Path, nn.Module Module)> Leaves(nn.Module module, string path)
    {
        if (module is not Sequential)
        {
            yield return (path.Length == 0 ? module.GetName() : path, module);
            yield break;
        }
        foreach (var (name, child) in module.named_children())
        {
            foreach (var leaf in Leaves(child, path.Length == 0 ? name : $"{path}.{name}"))
                yield return leaf;
        }
    }

    private void Lower(string path, nn.Module layer, nn.Module? next)
    {
        switch (layer)
        {
            case Dropout or Dropout1d or Dropout2d or Identity or SpectrogramMasking:
                break;
            case UtteranceCnn network:
                Lower(network.Body, path);
                Lower(path + ".head", network.Head, null);
                break;
            case SpectrogramImage image:
                LowerSpectrogramImage(path, image);
                break;
            case BandNormalization normalization:
                LowerBandNormalization(path, normalization);
                break;
            case MeanMaxPooling:
                LowerMeanMaxPooling(path);
                break;
            case FeatureMatrix matrix:
                LowerFeatureMatrix(path, matrix);
                break;
            case UtteranceNormalization normalization:
                LowerUtteranceNormalization(path, normalization);
                break;
            case ReLU:
                Emit("Relu", path, [_value], _shape);
                break;
            case Softmax softmax:
                Emit("Softmax", path, [_value], _shape, Int("axis", Axis(softmax.dim, path)));
                break;
            case Unflatten unflatten:
                LowerUnflatten(path, unflatten);
                break;
            case Flatten flatten:
                LowerFlatten(path, flatten);
                break;
            case Convolution conv when layer is Conv1d or Conv2d:
                LowerConvolution(path, conv);
                break;
            case BatchNorm norm when layer is BatchNorm1d or BatchNorm2d:
                LowerBatchNorm(path, norm);
                break;
            case PadBase pad when layer is ConstantPad1d or ConstantPad2d or ZeroPad2d:
                LowerConstantPad(path, pad, next);
                break;
            case MaxPool1d pool:
                LowerMaxPool(path, [pool.kernel_size], pool.stride is { } s ? [s] : null,
                    pool.padding is { } p ? [p] : null, pool.dilation is { } d ? [d] : null, pool.ceil_mode);
                break;
            case MaxPool2d pool:
                LowerMaxPool(path, pool.kernel_size, pool.stride, pool.padding, pool.dilation, pool.ceil_mode);
                break;
            case AdaptiveAvgPool1d pool:
                LowerGlobalAveragePool(path, [pool.output_size]);
                break;
            case AdaptiveAvgPool2d pool:
                LowerGlobalAveragePool(path, pool.output_size);
                break;
            case Linear linear:
                LowerLinear(path, linear);
                break;
            default:
                throw new NotSupportedException(
                    $"Layer '{path}' of type {layer.GetType().FullName} has no ONNX mapping. Supported layers: {SupportedLayers}.");
        }
    }

    private void Emit(string opType, string path, string[] inputs, long[] shapeAfter, params Onnx.Proto.AttributeProto[] attributes)
    {
        _value = _graph.AddNode(opType, $"/{path}/{opType}", inputs, attributes);
        _shape = shapeAfter;
    }

    private int Rank => _shape.Length + 1;

    /// <summary>Resolves a possibly negative axis against the full rank (batch included).</summary>
    private long Axis(long axis, string path)
    {
        var resolved = axis < 0 ? axis + Rank : axis;
        if (resolved < 0 || resolved >= Rank)
            throw new ArgumentException($"Layer '{path}': axis {axis} is out of range for a rank-{Rank} value.");
        return resolved;
    }

    private void LowerUnflatten(string path, Unflatten unflatten)
    {
        var axis = Axis(unflatten.dim, path);
        if (axis == 0)
            throw new NotSupportedException($"Layer '{path}': unflattening the batch dimension is not supported.");
        var sizes = ResolveSizes(unflatten.unflattened_size, _shape[axis - 1], path);
        Reshape(path, [.. _shape[..(int)(axis - 1)], .. sizes, .. _shape[(int)axis..]]);
    }

    private static long[] ResolveSizes(long[] sizes, long total, string path)
    {
        var known = sizes.Where(s => s != -1).Aggregate(1L, (a, b) => a * b);
        var resolved = sizes.Select(s => s == -1 ? total / Math.Max(known, 1) : s).ToArray();
        if (sizes.Count(s => s == -1) > 1 || resolved.Any(s => s < 1) || resolved.Aggregate(1L, (a, b) => a * b) != total)
            throw new ArgumentException($"Layer '{path}': sizes [{string.Join(", ", sizes)}] do not unflatten a dimension of {total}.");
        return resolved;
    }

    private void LowerFlatten(string path, Flatten flatten)
    {
        var start = Axis(flatten.start_dim, path);
        var end = Axis(flatten.end_dim, path);
        if (start == 0)
            throw new NotSupportedException($"Layer '{path}': flattening into the batch dimension is not supported.");
        if (end <= start)
            return;
        var merged = _shape[(int)(start - 1)..(int)end].Aggregate(1L, (a, b) => a * b);
        long[] shape = [.. _shape[..(int)(start - 1)], merged, .. _shape[(int)end..]];
        if (start == 1 && end == Rank - 1)
            Emit("Flatten", path, [_value], shape, Int("axis", 1));
        else
            Reshape(path, shape);
    }

    /// <summary>Reshapes to [batch, ..shape]; 0 keeps the input's batch size, whatever it is at run time.</summary>
    private void Reshape(string path, long[] shape)
    {
        var target = _graph.AddInt64Initializer($"{path}.shape", [0, .. shape]);
        Emit("Reshape", path, [_value, target], shape);
    }

    private void RequireSpatialRank(string path, int spatial, string what)
    {
        if (_shape.Length != spatial + 1)
            throw new ArgumentException(
                $"Layer '{path}' ({what}) needs a value of rank {spatial + 2}, but gets [batch, {string.Join(", ", _shape)}].");
    }

    private void LowerConvolution(string path, Convolution conv)
    {
        if (conv.transposed)
            throw new NotSupportedException($"Layer '{path}': transposed convolution is not supported.");
        if (conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException($"Layer '{path}': padding mode {conv.padding_mode} is not supported (zeros only).");
        var kernel = conv.kernel_size;
        var spatial = kernel.Length;
        RequireSpatialRank(path, spatial, conv.GetType().Name);
        if (_shape[0] != conv.in_channels)
            throw new ArgumentException($"Layer '{path}' expects {conv.in_channels} channels but gets {_shape[0]}.");
        var stride = PerAxis(conv.stride, spatial, 1);
        var dilation = PerAxis(conv.dilation, spatial, 1);
        var pads = ConvolutionPads(conv, kernel, dilation);

        var inputs = new List<string> { _value, _graph.AddInitializer($"{path}.weight", conv.weight!) };
        if (conv.bias is { } bias)
            inputs.Add(_graph.AddInitializer($"{path}.bias", bias));
        var shape = new long[spatial + 1];
        shape[0] = conv.out_channels;
        for (var a = 0; a < spatial; a++)
            shape[a + 1] = PooledLength(_shape[a + 1], kernel[a], stride[a], pads[a], pads[a + spatial], dilation[a], ceil: false, path);
        Emit("Conv", path, [.. inputs], shape,
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", pads),
            Ints("dilations", dilation), Int("group", conv.groups));
    }

    /// <summary>ONNX pads [begins..., ends...]; "same" gives the odd extra to the end, as PyTorch does.</summary>
    private static long[] ConvolutionPads(Convolution conv, long[] kernel, long[] dilation)
    {
        var spatial = kernel.Length;
        var explicitPads = PerAxis(conv.padding, spatial, 0);
        var pads = new long[2 * spatial];
        for (var a = 0; a < spatial; a++)
        {
            var total = dilation[a] * (kernel[a] - 1);
            (pads[a], pads[a + spatial]) = conv.padding_type switch
            {
                Padding.Same => (total / 2, total - total / 2),
                Padding.Valid => (0L, 0L),
                _ => (explicitPads[a], explicitPads[a]),
            };
        }
        return pads;
    }

    /// <summary>Expands a per-axis setting given once (or not at all) to every spatial axis.</summary>
    private static long[] PerAxis(long[]? values, int spatial, long fallback) => values switch
    {
        null or [] => Enumerable.Repeat(fallback, spatial).ToArray(),
        [var single] => Enumerable.Repeat(single, spatial).ToArray(),
        _ when values.Length == spatial => values,
        _ => throw new ArgumentException($"Expected {spatial} per-axis values but found {values.Length}."),
    };

    private static long PooledLength(long length, long kernel, long stride, long padBegin, long padEnd, long dilation, bool ceil, string path)
    {
        var span = length + padBegin + padEnd - dilation * (kernel - 1) - 1;
        if (span < 0)
            throw new ArgumentException($"Layer '{path}': a window of {kernel} does not fit a length of {length}.");
        var count = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        // PyTorch drops a last window that would start inside the end padding; ONNX Runtime does the same.
        if (ceil && (count - 1) * stride >= length + padBegin)
            count--;
        return count;
    }

    private void LowerBatchNorm(string path, BatchNorm norm)
    {
        if (!norm.track_running_stats || norm.running_mean is null || norm.running_var is null)
            throw new NotSupportedException($"Layer '{path}': batch norm without running statistics cannot be exported for inference.");
        if (_shape.Length == 0 || _shape[0] != norm.num_features)
            throw new ArgumentException($"Layer '{path}' expects {norm.num_features} channels but gets [batch, {string.Join(", ", _shape)}].");
        var channels = (int)norm.num_features;
        var scale = norm.weight is { } w
            ? _graph.AddInitializer($"{path}.weight", w)
            : _graph.AddFloatInitializer($"{path}.weight", Enumerable.Repeat(1f, channels).ToArray(), [channels]);
        var shift = norm.bias is { } b
            ? _graph.AddInitializer($"{path}.bias", b)
            : _graph.AddFloatInitializer($"{path}.bias", new float[channels], [channels]);
        var mean = _graph.AddInitializer($"{path}.running_mean", norm.running_mean);
        var variance = _graph.AddInitializer($"{path}.running_var", norm.running_var);
        Emit("BatchNormalization", path, [_value, scale, shift, mean, variance], _shape, Float("epsilon", (float)norm.eps));
    }

    private void LowerConstantPad(string path, PadBase pad, nn.Module? next)
    {
        var padded = pad.padding.Length / 2;
        if (pad.padding.Length % 2 != 0 || padded > _shape.Length - 1)
            throw new ArgumentException($"Layer '{path}': {pad.padding.Length} pad values do not fit [batch, {string.Join(", ", _shape)}].");
        if (pad.padding.Any(p => p < 0))
            throw new NotSupportedException($"Layer '{path}': negative padding (cropping) is not supported.");

        // TorchSharp lists pads from the last axis backwards as (begin, end) pairs.
        var spatial = _shape.Length - 1;
        var spatialPads = new long[2 * spatial];
        for (var k = 0; k < padded; k++)
        {
            var axis = spatial - 1 - k;
            spatialPads[axis] = pad.padding[2 * k];
            spatialPads[axis + spatial] = pad.padding[2 * k + 1];
        }
        var shape = (long[])_shape.Clone();
        for (var a = 0; a < spatial; a++)
            shape[a + 1] += spatialPads[a] + spatialPads[a + spatial];

        // MaxPool treats its own pads as -inf, so a -inf pad right before it folds in exactly.
        if (double.IsNegativeInfinity(pad.value) && CanFoldIntoPool(next, spatialPads))
        {
            _pendingPoolPads = spatialPads;
            return;
        }
        long[] allPads = [0, 0, .. spatialPads[..spatial], 0, 0, .. spatialPads[spatial..]];
        var pads = _graph.AddInt64Initializer($"{path}.pads", allPads);
        var value = _graph.AddFloatInitializer($"{path}.value", [(float)pad.value], []);
        Emit("Pad", path, [_value, pads, value], shape, String("mode", "constant"));
    }

    /// <summary>
    /// Folding needs a MaxPool right after the pad, over the same axes, without ceil mode (whose window count depends
    /// on where the padding sits), and with every total pad smaller than the kernel, as ONNX Runtime requires.
    /// </summary>
    private static bool CanFoldIntoPool(nn.Module? next, long[] spatialPads)
    {
        var (kernel, padding, ceil) = next switch
        {
            MaxPool1d p => ([p.kernel_size], p.padding is { } v ? [v] : null, p.ceil_mode),
            MaxPool2d p => (p.kernel_size, p.padding, p.ceil_mode),
            _ => (Array.Empty<long>(), (long[]?)null, true),
        };
        var spatial = spatialPads.Length / 2;
        if (ceil || kernel.Length == 0 || PerAxis(kernel, spatial, 1).Length != spatial)
            return false;
        var own = PerAxis(padding, spatial, 0);
        var k = PerAxis(kernel, spatial, 1);
        for (var a = 0; a < spatial; a++)
        {
            if (spatialPads[a] + own[a] >= k[a] || spatialPads[a + spatial] + own[a] >= k[a])
                return false;
        }
        return true;
    }

    private void LowerMaxPool(string path, long[] kernelSize, long[]? strideSetting, long[]? padding, long[]? dilationSetting, bool ceil)
    {
        var spatial = _shape.Length - 1;
        var kernel = PerAxis(kernelSize, spatial, 1);
        RequireSpatialRank(path, kernel.Length, "MaxPool");
        var stride = PerAxis(strideSetting, spatial, 0).Select((s, a) => s == 0 ? kernel[a] : s).ToArray();
        var dilation = PerAxis(dilationSetting, spatial, 1);
        var own = PerAxis(padding, spatial, 0);
        var pads = new long[2 * spatial];
        for (var a = 0; a < spatial; a++)
        {
            pads[a] = own[a] + (_pendingPoolPads?[a] ?? 0);
            pads[a + spatial] = own[a] + (_pendingPoolPads?[a + spatial] ?? 0);
        }
        _pendingPoolPads = null;

        var shape = (long[])_shape.Clone();
        for (var a = 0; a < spatial; a++)
            shape[a + 1] = PooledLength(_shape[a + 1], kernel[a], stride[a], pads[a], pads[a + spatial], dilation[a], ceil, path);
        Emit("MaxPool", path, [_value], shape,
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", pads),
            Ints("dilations", dilation), Int("ceil_mode", ceil ? 1 : 0));
    }

    private void LowerGlobalAveragePool(string path, long[] outputSize)
    {
        if (outputSize.Any(s => s != 1))
            throw new NotSupportedException($"Layer '{path}': adaptive average pooling to [{string.Join(", ", outputSize)}] is not supported (1 only).");
        RequireSpatialRank(path, PerAxis(outputSize, _shape.Length - 1, 1).Length, "AdaptiveAvgPool");
        long[] shape = [_shape[0], .. Enumerable.Repeat(1L, _shape.Length - 1)];
        Emit("GlobalAveragePool", path, [_value], shape);
    }

    private void LowerFeatureMatrix(string path, FeatureMatrix matrix)
    {
        if (_shape is not [var length] || length != matrix.Order.Length)
            throw new ArgumentException($"Layer '{path}' expects [batch, {matrix.Order.Length}] but gets [batch, {string.Join(", ", _shape)}].");
        var indices = _graph.AddInt64Initializer($"{path}.order", matrix.Order);
        Emit("Gather", path, [_value, indices], _shape, Int("axis", 1));
        Reshape(path, [1, matrix.Rows, matrix.Frames]);
    }

    // (x − mean) / sqrt(var + ε) over the last axis, spelled out in standard operators.
    private void LowerUtteranceNormalization(string path, UtteranceNormalization normalization)
    {
        var input = _value;
        var mean = ReduceMeanOverLastAxis(path, "mean", input);
        var centred = _graph.AddNode("Sub", $"/{path}/centre", [input, mean]);
        var squared = _graph.AddNode("Mul", $"/{path}/square", [centred, centred]);
        var variance = ReduceMeanOverLastAxis(path, "variance", squared);
        var epsilon = _graph.AddFloatInitializer($"{path}.epsilon", [(float)normalization.Epsilon], []);
        var shifted = _graph.AddNode("Add", $"/{path}/epsilon", [variance, epsilon]);
        var deviation = _graph.AddNode("Sqrt", $"/{path}/deviation", [shifted]);
        Emit("Div", path, [centred, deviation], _shape);
    }

    private string ReduceMeanOverLastAxis(string path, string step, string value) => Reduce("ReduceMean", path, step, value, [-1], keep: true);

    private string Reduce(string op, string path, string step, string value, long[] axes, bool keep) =>
        _opset >= ReduceAxesAsInputOpset
            ? _graph.AddNode(op, $"/{path}/{step}", [value, _graph.AddInt64Initializer($"{path}.{step}.axes", axes)], Int("keepdims", keep ? 1 : 0))
            : _graph.AddNode(op, $"/{path}/{step}", [value], Ints("axes", axes), Int("keepdims", keep ? 1 : 0));

    // [batch, frames, bands] -> [batch, 1, bands, frames]; the frame count stays symbolic (-1), so any length runs.
    private void LowerSpectrogramImage(string path, SpectrogramImage image)
    {
        if (_shape is not [var frames, var bands] || bands != image.Bands)
            throw new ArgumentException($"Layer '{path}' expects [batch, frames, {image.Bands}] but gets [batch, {string.Join(", ", _shape)}].");
        var transposed = _graph.AddNode("Transpose", $"/{path}/transpose", [_value], Ints("perm", [0, 2, 1]));
        var target = _graph.AddInt64Initializer($"{path}.shape", [0, 1, bands, -1]);
        Emit("Reshape", path, [transposed, target], [1, bands, frames]);
    }

    // Each band's mean over frames removed, then one deviation over bands and frames, as BandNormalization computes it.
    private void LowerBandNormalization(string path, BandNormalization normalization)
    {
        var input = _value;
        var mean = ReduceMeanOverLastAxis(path, "mean", input);
        var centred = _graph.AddNode("Sub", $"/{path}/centre", [input, mean]);
        var squared = _graph.AddNode("Mul", $"/{path}/square", [centred, centred]);
        var variance = Reduce("ReduceMean", path, "variance", squared, [-2, -1], keep: true);
        var epsilon = _graph.AddFloatInitializer($"{path}.epsilon", [(float)normalization.Epsilon], []);
        var shifted = _graph.AddNode("Add", $"/{path}/epsilon", [variance, epsilon]);
        var deviation = _graph.AddNode("Sqrt", $"/{path}/deviation", [shifted]);
        Emit("Div", path, [centred, deviation], _shape);
    }

    private void LowerMeanMaxPooling(string path)
    {
        RequireSpatialRank(path, 2, "MeanMaxPooling");
        var overBands = Reduce("ReduceMean", path, "bands", _value, [2], keep: false);
        var mean = Reduce("ReduceMean", path, "mean", overBands, [2], keep: false);
        // ReduceMax takes its axes as an input from opset 18 too.
        var max = Reduce("ReduceMax", path, "max", overBands, [2], keep: false);
        Emit("Concat", path, [mean, max], [2 * _shape[0]], Int("axis", 1));
    }

    private void LowerLinear(string path, Linear linear)
    {
        if (_shape.Length == 0 || _shape[^1] != linear.in_features)
            throw new ArgumentException($"Layer '{path}' expects {linear.in_features} features but gets [batch, {string.Join(", ", _shape)}].");
        long[] shape = [.. _shape[..^1], linear.out_features];
        if (_shape.Length == 1)
        {
            // Gemm computes X·Wᵀ + b directly on PyTorch's [out, in] weight layout.
            var inputs = new List<string> { _value, _graph.AddInitializer($"{path}.weight", linear.weight!) };
            if (linear.bias is { } b)
                inputs.Add(_graph.AddInitializer($"{path}.bias", b));
            Emit("Gemm", path, [.. inputs], shape, Int("transB", 1));
            return;
        }
        // Gemm is 2-D only; higher ranks take MatMul with a pre-transposed weight, then a broadcast Add.
        using (var transposed = linear.weight!.t())
            Emit("MatMul", path, [_value, _graph.AddInitializer($"{path}.weight_transposed", transposed)], shape);
        if (linear.bias is { } bias)
            Emit("Add", path, [_value, _graph.AddInitializer($"{path}.bias", bias)], shape);
    }
}
