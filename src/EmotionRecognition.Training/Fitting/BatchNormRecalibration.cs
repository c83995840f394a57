using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training;

/// <summary>
/// Recomputes every BatchNorm layer's running mean and variance as the exact average over the training rows under the current
/// weights ("precise BatchNorm").
/// </summary>
/// <remarks>
/// Keras' momentum moves the running statistics 1 % per step. On a corpus as small as RAVDESS (about 27 steps per epoch) they
/// still mostly describe the initial weights when early stopping looks at the validation loss, and the eval-mode model
/// predicts one class for everything. Averaging over the training rows after each epoch removes that lag; the weights, and so
/// the training itself, are unchanged.
/// </remarks>
internal static class BatchNormRecalibration
{
    internal static void Run(nn.Module<Tensor, Tensor> model, Tensor features, int batchSize)
    {
        var norms = model.modules().OfType<BatchNorm>().ToArray();
        if (norms.Length == 0) return;
        var momenta = norms.Select(n => n.momentum).ToArray();
        var wasTraining = model.training;
        try
        {
            foreach (var norm in norms)
            {
                norm.reset_running_stats();
                // Without a momentum torch keeps a cumulative average over the batches seen since the reset.
                norm.momentum = null;
            }
            // Only the norms learn: dropout and masking stay off so the statistics are those inference will see.
            model.eval();
            foreach (var norm in norms) norm.train();
            using var _ = no_grad();
            foreach (var (start, length) in Batching.Ranges(features.shape[0], batchSize))
            {
                if (length < 2) continue;
                using var scope = NewDisposeScope();
                model.call(features.narrow(0, start, length));
            }
        }
        finally
        {
            for (var i = 0; i < norms.Length; i++) norms[i].momentum = momenta[i];
            model.train(wasTraining);
        }
    }
}
