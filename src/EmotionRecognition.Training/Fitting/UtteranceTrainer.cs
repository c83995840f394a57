using System.Diagnostics;
using System.Globalization;
using EmotionRecognition.Data;
using EmotionRecognition.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>
/// Trains the utterance network as an <see cref="UtteranceRecipe"/> says: random fixed-length crops, SpecAugment, mixup,
/// label-smoothed soft cross-entropy plus the auxiliary task, AdamW under a one-cycle (warm-up, then cosine) schedule.
/// </summary>
/// <remarks>Repeatable: the same recipe and examples give the same weights. Torch's generator is process-wide: one run at a time.</remarks>
internal sealed class UtteranceTrainer
{
    private const int AuxiliaryOutputs = 4;
    private readonly UtteranceRecipe _recipe;

    public UtteranceTrainer(UtteranceRecipe recipe)
    {
        recipe.Validate();
        _recipe = recipe;
    }

    /// <summary>A fresh network for the recipe, with weights seeded from <see cref="UtteranceRecipe.Seed"/>.</summary>
    public UtteranceCnn CreateModel()
    {
        manual_seed(_recipe.Seed);
        return new UtteranceCnn(_recipe.Spec.FrameWidth, _recipe.Channels, EmotionLabels.Count,
            _recipe.AuxiliaryWeight > 0 ? AuxiliaryOutputs : 0, maskedFrames: _recipe.SpecAugment ? 20 : 0, maskedBands: _recipe.SpecAugment ? 8 : 0);
    }

    /// <summary>Trains a fresh network on already-scaled examples and returns it in eval mode, with its per-epoch record.</summary>
    public (UtteranceCnn Model, TrainingHistory History) Train(IReadOnlyList<UtteranceExample> examples, string name,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        if (examples.Count < 2) throw new ArgumentException("Training needs at least two examples.", nameof(examples));
        var model = CreateModel();
        try
        {
            var epochs = Run(model, examples, name, progress, cancellationToken);
            model.eval();
            return (model, new TrainingHistory(epochs, epochs.Count, stoppedEarly: false));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private List<EpochMetrics> Run(UtteranceCnn model, IReadOnlyList<UtteranceExample> examples, string name, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var history = new List<EpochMetrics>();
        var random = new Random(_recipe.Seed);
        var batch = new BatchBuffers(_recipe.BatchSize, _recipe.CropFrames, _recipe.Spec.FrameWidth);
        var stepsPerEpoch = (examples.Count + _recipe.BatchSize - 1) / _recipe.BatchSize;
        var schedule = new OneCycleSchedule(_recipe.MaxLearningRate, _recipe.Epochs * stepsPerEpoch, _recipe.WarmupShare);
        using var optimizer = optim.AdamW(model.parameters(), _recipe.MaxLearningRate, weight_decay: _recipe.WeightDecay);
        using var classWeights = _recipe.BalanceClasses ? tensor(ClassWeights(examples), [EmotionLabels.Count]) : null;
        var clock = Stopwatch.StartNew();
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var step = 0;
        for (var epoch = 1; epoch <= _recipe.Epochs; epoch++)
        {
            model.train();
            random.Shuffle(order);
            double lossSum = 0;
            long correct = 0;
            for (var start = 0; start + 1 < order.Length; start += _recipe.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(_recipe.BatchSize, order.Length - start);
                batch.Fill(examples, order.AsSpan(start, count), _recipe, random);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = schedule.At(step++);
                var (loss, right) = Step(model, optimizer, batch, count, classWeights);
                lossSum += loss * count;
                correct += right;
            }
            history.Add(new EpochMetrics(epoch, lossSum / order.Length, correct / (double)order.Length, double.NaN, double.NaN,
                optimizer.ParamGroups.First().LearningRate, clock.Elapsed));
            progress?.Report(new TrainingProgress(name, epoch, _recipe.Epochs, string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: loss {lossSum / order.Length:F3}, {clock.Elapsed.TotalSeconds:F0} s")));
        }
        return history;
    }

    // Accuracy counts the heavier label of each (mixed) target.
    private (double Loss, long Correct) Step(UtteranceCnn model, optim.Optimizer optimizer, BatchBuffers batch, int count, Tensor? classWeights)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var frames = _recipe.CropFrames;
        var bands = _recipe.Spec.FrameWidth;
        var input = tensor(Whole(batch.Input, count * frames * bands), [count, frames, bands]);
        var (logits, auxiliary) = model.ForwardBoth(input);
        var target = tensor(batch.Target.AsSpan(0, count * EmotionLabels.Count).ToArray(), [count, EmotionLabels.Count]);
        var loss = classWeights is null ? SoftCrossEntropy(logits, target).mean() : Weighted(SoftCrossEntropy(logits, target), (target * classWeights).sum(1));
        if (auxiliary is not null)
        {
            var targets = tensor(batch.Auxiliary.AsSpan(0, count * AuxiliaryOutputs).ToArray(), [count, AuxiliaryOutputs]);
            var weights = tensor(batch.AuxiliaryWeight.AsSpan(0, 2 * count).ToArray(), [count, 2]);
            var intensity = SoftCrossEntropy(auxiliary.narrow(1, 0, 2), targets.narrow(1, 0, 2)) * weights.select(1, 0);
            var gender = SoftCrossEntropy(auxiliary.narrow(1, 2, 2), targets.narrow(1, 2, 2)) * weights.select(1, 1);
            // 0-d tensors for the constants: no implicit Scalar (see BandNormalization).
            loss = loss + tensor((float)_recipe.AuxiliaryWeight) * (intensity + gender).sum() / maximum(weights.sum(), tensor(1f));
        }
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), logits.argmax(1).eq(target.argmax(1)).sum().item<long>());
    }

    // A full batch passes its buffer as it is; only the last, shorter batch of an epoch copies (1.6 MB a step is garbage enough
    // to keep the collector busy for a whole run).
    private static float[] Whole(float[] buffer, int length) => length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();

    // A mixed or smoothed target weighs its example by the same shares as its classes.
    private static Tensor Weighted(Tensor losses, Tensor weights) => (losses * weights).sum() / weights.sum();

    /// <summary>Inverse class frequency, scaled so that a balanced set weighs every example 1; absent classes get 0.</summary>
    internal static float[] ClassWeights(IReadOnlyList<UtteranceExample> examples)
    {
        var counts = new int[EmotionLabels.Count];
        foreach (var example in examples) counts[example.Label]++;
        var present = counts.Count(c => c > 0);
        return counts.Select(c => c == 0 ? 0f : (float)(examples.Count / (double)(present * c))).ToArray();
    }

    /// <summary>Adds <paramref name="weight"/> times the label's one-hot target with <paramref name="smoothing"/> spread evenly.</summary>
    internal static void AddSmoothedLabel(Span<float> target, int label, double smoothing, float weight)
    {
        var floor = (float)(smoothing / target.Length);
        for (var c = 0; c < target.Length; c++)
            target[c] += weight * (floor + (c == label ? 1 - (float)smoothing : 0));
    }

    private static Tensor SoftCrossEntropy(Tensor logits, Tensor targets) => (targets * nn.functional.log_softmax(logits, 1)).sum(1).neg();

    /// <summary>Emotion probabilities for one utterance's scaled frames (any count; fewer than the network needs are repeated).</summary>
    public static float[] Predict(UtteranceCnn model, ReadOnlySpan<float> frames, int frameCount, int bands)
    {
        var input = AtLeastMinimumFrames(frames, frameCount, bands);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        return nn.functional.softmax(model.call(tensor(input, [1, input.Length / bands, bands])), 1).data<float>().ToArray();
    }

    /// <summary>A copy of the frames, repeated up to the frames the network needs when there are fewer.</summary>
    internal static float[] AtLeastMinimumFrames(ReadOnlySpan<float> frames, int frameCount, int bands)
    {
        var input = new float[Math.Max(frameCount, UtteranceCnn.MinimumFrames) * bands];
        BatchBuffers.Tile(frames[..(frameCount * bands)], input, 0, bands);
        return input;
    }

    /// <summary>The step's inputs and targets, built in managed arrays reused from step to step.</summary>
    private sealed class BatchBuffers(int size, int frames, int bands)
    {
        public float[] Input { get; } = new float[size * frames * bands];
        public float[] Target { get; } = new float[size * EmotionLabels.Count];
        public float[] Auxiliary { get; } = new float[size * AuxiliaryOutputs];
        public float[] AuxiliaryWeight { get; } = new float[size * 2];
        private readonly float[] _mixed = new float[frames * bands];
        private readonly float[] _original = new float[size * frames * bands];

        public void Fill(IReadOnlyList<UtteranceExample> examples, ReadOnlySpan<int> indices, UtteranceRecipe recipe, Random random)
        {
            var width = frames * bands;
            for (var i = 0; i < indices.Length; i++)
            {
                var example = examples[indices[i]];
                Crop(example, Input.AsSpan(i * width, width), random);
                WriteTargets(i, example, recipe.LabelSmoothing, 1f, overwrite: true);
            }
            if (recipe.MixupAlpha > 0)
                Mix(examples, indices, recipe, random);
        }

        // Each example is blended with a random partner of the batch; the partner's row is read before it is itself mixed.
        private void Mix(IReadOnlyList<UtteranceExample> examples, ReadOnlySpan<int> indices, UtteranceRecipe recipe, Random random)
        {
            var width = frames * bands;
            var lambda = (float)Math.Max(0.5, Beta.Sample(recipe.MixupAlpha, random));
            var partners = Enumerable.Range(0, indices.Length).ToArray();
            random.Shuffle(partners);
            var original = _original;
            Input.AsSpan(0, indices.Length * width).CopyTo(original);
            for (var i = 0; i < indices.Length; i++)
            {
                var own = Input.AsSpan(i * width, width);
                System.Numerics.Tensors.TensorPrimitives.Multiply(own, lambda, own);
                System.Numerics.Tensors.TensorPrimitives.Multiply(original.AsSpan(partners[i] * width, width), 1 - lambda, _mixed);
                System.Numerics.Tensors.TensorPrimitives.Add(own, _mixed, own);
                WriteTargets(i, examples[indices[i]], recipe.LabelSmoothing, lambda, overwrite: true);
                WriteTargets(i, examples[indices[partners[i]]], recipe.LabelSmoothing, 1 - lambda, overwrite: false);
            }
        }

        private void WriteTargets(int row, UtteranceExample example, double smoothing, float weight, bool overwrite)
        {
            var target = Target.AsSpan(row * EmotionLabels.Count, EmotionLabels.Count);
            var auxiliary = Auxiliary.AsSpan(row * AuxiliaryOutputs, AuxiliaryOutputs);
            var known = AuxiliaryWeight.AsSpan(row * 2, 2);
            if (overwrite)
            {
                target.Clear();
                auxiliary.Clear();
                known.Fill(1);
            }
            if (example.Target is { } own)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(own, weight, target, target);
            else
                AddSmoothedLabel(target, example.Label, smoothing, weight);
            if (example.Intensity >= 0) auxiliary[example.Intensity] += weight; else known[0] = 0;
            if (example.Gender >= 0) auxiliary[2 + example.Gender] += weight; else known[1] = 0;
        }

        private void Crop(UtteranceExample example, Span<float> destination, Random random)
        {
            if (example.FrameCount >= frames)
            {
                var start = random.Next(example.FrameCount - frames + 1);
                example.Frames.AsSpan(start * bands, frames * bands).CopyTo(destination);
            }
            else
            {
                Tile(example.Frames.AsSpan(0, example.FrameCount * bands), destination, random.Next(Math.Max(1, example.FrameCount)), bands);
            }
        }

        /// <summary>Fills <paramref name="destination"/> with the frames over and over, starting at frame <paramref name="phase"/>.</summary>
        public static void Tile(ReadOnlySpan<float> source, Span<float> destination, int phase, int bands)
        {
            if (source.IsEmpty) { destination.Clear(); return; }
            var offset = phase * bands % source.Length;
            for (var written = 0; written < destination.Length;)
            {
                var run = Math.Min(source.Length - offset, destination.Length - written);
                source.Slice(offset, run).CopyTo(destination[written..]);
                written += run;
                offset = 0;
            }
        }
    }
}
