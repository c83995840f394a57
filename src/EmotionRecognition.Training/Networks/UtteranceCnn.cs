using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EmotionRecognition.Training.Networks;

/// <summary>
/// Our utterance network (see <see cref="ModelKind.Utterance"/>): log-mel frames of any length in, emotion logits out, with an
/// optional auxiliary head (e.g. intensity and gender) that only training uses.
/// </summary>
/// <remarks>
/// The body is a <see cref="Sequential"/> of exportable layers: the frames as an image, per-utterance band normalisation,
/// SpecAugment masks (training only), 3×3 convolution blocks, mean and max pooling over time, dropout. Global pooling makes the
/// network indifferent to where in the utterance a cue falls and lets one ONNX graph take every length.
/// </remarks>
internal sealed class UtteranceCnn : nn.Module<Tensor, Tensor>
{
    /// <summary>The default block widths (about 0.1 M parameters).</summary>
    public static readonly int[] DefaultChannels = [16, 32, 64, 128];

    /// <summary>Fewest frames the three 2×2 pools need to leave one.</summary>
    public const int MinimumFrames = 8;

    private readonly Sequential body;
    private readonly Linear head;
    private readonly Linear? auxiliary;

    public UtteranceCnn(int bands, IReadOnlyList<int> channels, int classCount, int auxiliaryCount = 0,
        double dropout = 0.3, int maskedFrames = 20, int maskedBands = 8) : base(nameof(UtteranceCnn))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 8);
        if (channels.Count == 0) throw new ArgumentException("At least one convolution block is needed.", nameof(channels));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("image", new SpectrogramImage(bands)),
            ("normalize", new BandNormalization()),
            ("mask", new SpectrogramMasking(maskedFrames, maskedBands)),
        };
        var width = MatrixCnn.AddConvBlocks(layers, channels);
        layers.Add(("pool", new MeanMaxPooling()));
        layers.Add(("dropout", nn.Dropout(dropout)));
        body = nn.Sequential(layers.ToArray());
        head = nn.Linear(2 * width, classCount);
        auxiliary = auxiliaryCount > 0 ? nn.Linear(2 * width, auxiliaryCount) : null;
        RegisterComponents();
        MatrixCnn.InitializeWeights(this);
    }

    /// <summary>Everything up to the pooled, dropped-out embedding.</summary>
    public Sequential Body => body;

    /// <summary>The emotion layer.</summary>
    public Linear Head => head;

    public override Tensor forward(Tensor input)
    {
        using var embedding = body.call(input);
        return head.call(embedding);
    }

    /// <summary>Emotion logits and, when the network has the auxiliary head, its logits too.</summary>
    public (Tensor Emotion, Tensor? Auxiliary) ForwardBoth(Tensor input)
    {
        using var embedding = body.call(input);
        return (head.call(embedding), auxiliary?.call(embedding));
    }
}
