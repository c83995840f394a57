using EmotionRecognition.Speech;

namespace EmotionRecognition.Features;

/// <summary>
/// Computes librosa-equal features (ZCR, RMS, mel spectrogram, MFCC) and feature vectors for a <see cref="FeatureSpec"/>.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent calls each borrow their own preallocated buffers, so after warm-up
/// <see cref="ExtractVector(ReadOnlySpan{float}, Span{float})"/> allocates nothing.
/// Input is mono audio at <see cref="FeatureSpec.SampleRate"/>, already cut at <see cref="FeatureSpec.OffsetSeconds"/>.
/// </remarks>
public sealed class FeatureExtractor
{
    private readonly FeaturePipeline _pipeline;
    private readonly ScratchPool _pool;

    /// <summary>Prepares the tables (window, FFT twiddles, mel filters, DCT) for <paramref name="spec"/>.</summary>
    /// <param name="spec">The feature definition; validated here.</param>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    public FeatureExtractor(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        _pipeline = new FeaturePipeline(spec);
        _pool = new ScratchPool(() => _pipeline.CreateScratch(spec.SampleCount));
    }

    /// <summary>The spec this extractor implements.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>Values in every vector (<see cref="FeatureSpec.VectorLength"/>).</summary>
    public int VectorLength => Spec.VectorLength;

    /// <summary>
    /// Writes the feature vector of <paramref name="signal"/>, first cut or zero-padded at the end to
    /// <see cref="FeatureSpec.SampleCount"/> samples, into <paramref name="destination"/>.
    /// </summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    /// <param name="destination">Exactly <see cref="VectorLength"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void ExtractVector(ReadOnlySpan<float> signal, Span<float> destination)
    {
        if (Spec.IsVariableLength)
            throw new InvalidOperationException($"The {Spec.Layout} layout gives a frame count that follows the clip; use ExtractFrames or ExtractUtterance.");
        if (destination.Length != VectorLength)
            throw new ArgumentException($"The destination must hold exactly {VectorLength} values (has {destination.Length}).", nameof(destination));
        var scratch = _pool.Rent();
        try
        {
            _pipeline.Compute(signal, scratch, keepMelPower: false);
            FeatureVector.Write(Spec.Layout, scratch.Zcr, scratch.Rms, scratch.Mfcc, Spec.MfccCount, destination);
        }
        finally
        {
            _pool.Return(scratch);
        }
    }

    /// <summary>
    /// Writes the frames of a variable-length layout (<see cref="FeatureLayout.LogMelByFrame"/>): <paramref name="signal"/> cut at the
    /// spec's duration, trimmed to its speech when <see cref="FeatureSpec.TrimSilence"/> is set, one row of
    /// <see cref="FeatureSpec.FrameWidth"/> values per frame, frame after frame.
    /// </summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    /// <param name="destination">At least <see cref="VectorLength"/> values (the most frames a clip can give); the rest is left as it was.</param>
    /// <returns>The frame count.</returns>
    /// <remarks>Allocates nothing after warm-up.</remarks>
    /// <exception cref="InvalidOperationException">The spec has a fixed-length layout.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public int ExtractFrames(ReadOnlySpan<float> signal, Span<float> destination)
    {
        if (!Spec.IsVariableLength)
            throw new InvalidOperationException($"The {Spec.Layout} layout has a fixed length; use ExtractVector.");
        if (destination.Length < VectorLength)
            throw new ArgumentException($"The destination must hold at least {VectorLength} values (has {destination.Length}).", nameof(destination));
        var clip = signal[..Math.Min(signal.Length, Spec.SampleCount)];
        if (Spec.TrimSilence)
            clip = clip[SpeechTrimmer.Speech(clip, Spec.SampleRate)];
        var scratch = _pool.Rent();
        try
        {
            return _pipeline.ComputeLogMel(clip, scratch, destination);
        }
        finally
        {
            _pool.Return(scratch);
        }
    }

    /// <summary>The frames <see cref="ExtractFrames"/> writes, as a <c>[frames, FrameWidth]</c> row-major array.</summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    /// <exception cref="InvalidOperationException">The spec has a fixed-length layout.</exception>
    public float[] ExtractUtterance(ReadOnlySpan<float> signal)
    {
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(VectorLength);
        try
        {
            var frames = ExtractFrames(signal, buffer.AsSpan(0, VectorLength));
            return buffer.AsSpan(0, frames * Spec.FrameWidth).ToArray();
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The feature vector of <paramref name="signal"/> (cut or zero-padded to the spec's duration).</summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    public float[] ExtractVector(ReadOnlySpan<float> signal)
    {
        var vector = new float[VectorLength];
        ExtractVector(signal, vector);
        return vector;
    }

    /// <summary>
    /// The per-frame features of <paramref name="signal"/> cut or zero-padded to the spec's duration
    /// (always <see cref="FeatureSpec.FrameCount"/> frames, consistent with <see cref="ExtractVector(ReadOnlySpan{float})"/>).
    /// </summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    public FeatureFrames Extract(ReadOnlySpan<float> signal)
    {
        var scratch = _pool.Rent();
        try
        {
            return Compute(signal, scratch);
        }
        finally
        {
            _pool.Return(scratch);
        }
    }

    /// <summary>
    /// The per-frame features of the whole <paramref name="signal"/>, neither cut nor padded, exactly as
    /// librosa computes them on it: <c>1 + length / HopLength</c> frames.
    /// </summary>
    /// <param name="signal">Mono samples at the spec's sample rate.</param>
    public FeatureFrames ExtractUnpadded(ReadOnlySpan<float> signal) =>
        Compute(signal, _pipeline.CreateScratch(signal.Length));

    private FeatureFrames Compute(ReadOnlySpan<float> signal, FeatureScratch scratch)
    {
        _pipeline.Compute(signal, scratch, keepMelPower: true);
        return new FeatureFrames(scratch.Frames, scratch.Zcr.ToArray(), scratch.Rms.ToArray(), scratch.Mfcc.ToArray(),
            Spec.MfccCount, scratch.Mel.ToArray(), scratch.LogMel.ToArray(), Spec.MelBandCount);
    }
}
