namespace EmotionRecognition.Features;

/// <summary>Every buffer one feature extraction needs, sized once for a given signal length.</summary>
internal sealed class FeatureScratch
{
    public FeatureScratch(FeaturePipeline pipeline, int sampleCount)
    {
        var spec = pipeline.Spec;
        var stft = pipeline.Stft;
        SampleCount = sampleCount;
        Frames = stft.FrameCount(sampleCount);
        Padded = new float[stft.PaddedLength(sampleCount)];
        Crossings = new float[Padded.Length];
        Blocks = new float[Frames + spec.FrameLength / spec.HopLength];
        Real = new double[stft.BinCount];
        Imaginary = new double[stft.BinCount];
        Power = new float[stft.BinCount];
        Zcr = new float[Frames];
        Rms = new float[Frames];
        Mel = new float[Frames * spec.MelBandCount];
        LogMel = new float[Frames * spec.MelBandCount];
        Mfcc = new float[Frames * spec.MfccCount];
    }

    public int SampleCount { get; }

    public int Frames { get; }

    /// <summary>The fitted signal with half a frame of zeros on each side.</summary>
    public float[] Padded { get; }

    public float[] Crossings { get; }

    public float[] Blocks { get; }

    public double[] Real { get; }

    public double[] Imaginary { get; }

    public float[] Power { get; }

    public float[] Zcr { get; }

    public float[] Rms { get; }

    public float[] Mel { get; }

    public float[] LogMel { get; }

    public float[] Mfcc { get; }
}
