using System.Buffers;
using EmotionRecognition.Audio;
using EmotionRecognition.Features;
using EmotionRecognition.Inference;
using EmotionRecognition.Speech;

namespace EmotionRecognition;

/// <summary>
/// Recognises the emotion in speech with a trained model: audio in, <see cref="EmotionPrediction"/> out.
/// </summary>
/// <remarks>
/// Thread-safe: one instance (one shared ONNX Runtime session) serves every thread; create it once and reuse it.
/// Files are loaded as the model was trained (the spec's offset and duration, mono, at its sample rate) and featurised with
/// the model's <see cref="Features.FeatureSpec"/>. Dispose it to free the native session.
/// </remarks>
/// <example>
/// <code>
/// using var classifier = EmotionClassifier.Load("model.emotion");
/// EmotionPrediction p = classifier.Classify("speech.wav");
/// Console.WriteLine($"{p.Emotion} ({p.Confidence:P0})");
/// </code>
/// </example>
public sealed partial class EmotionClassifier : IDisposable
{
    /// <summary>The name of the embedded resource of the <c>EmotionRecognition.Models.Default</c> assembly that <see cref="LoadDefault"/> reads.</summary>
    public const string DefaultModelResource = "EmotionRecognition.default.emotion";

    private const int BatchSize = 32;

    private readonly OnnxScorer _scorer;
    private readonly FeatureExtractor _extractor;
    private readonly AudioLoadOptions _loadOptions;
    private readonly int _length;
    private volatile bool _disposed;

    private EmotionClassifier(EmotionModel model, EmotionClassifierOptions? options, string source)
    {
        if (!model.Labels.SequenceEqual(EmotionLabels.All))
            throw new EmotionModelLoadException(source, $"its labels [{string.Join(", ", model.Labels)}] are not the seven emotions " +
                $"[{string.Join(", ", EmotionLabels.All)}] in that order, so its outputs cannot be reported as Emotion values.");
        options ??= EmotionClassifierOptions.Default;
        if (options.LoadCheckTimeout < TimeSpan.Zero && options.LoadCheckTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), options.LoadCheckTimeout, "LoadCheckTimeout must not be negative.");
        (_scorer, var provider) = SessionFactory.Open(model, options, source);
        Model = model;
        ExecutionProvider = provider;
        _extractor = new FeatureExtractor(model.FeatureSpec);
        _loadOptions = model.FeatureSpec.ToLoadOptions();
        _length = model.FeatureSpec.VectorLength;
        try
        {
            CheckWorks(source, options.LoadCheckTimeout);
        }
        catch
        {
            _scorer.Dispose();
            throw;
        }
    }

    /// <summary>The model in use.</summary>
    public EmotionModel Model { get; }

    /// <summary>Where the model really runs (the CPU after a fallback from a missing GPU provider).</summary>
    public ExecutionProvider ExecutionProvider { get; }

    /// <summary>How audio becomes the model's input (the model's spec).</summary>
    public FeatureSpec FeatureSpec => Model.FeatureSpec;

    /// <summary>Loads a model file.</summary>
    /// <param name="path">A <c>.emotion</c> model.</param>
    /// <param name="options">Provider and threading; defaults to <see cref="EmotionClassifierOptions.Default"/>.</param>
    /// <exception cref="EmotionModelLoadException">The file is not a usable model for the seven emotions.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider cannot run and <see cref="EmotionClassifierOptions.FallbackToCpu"/> is off.</exception>
    public static EmotionClassifier Load(string path, EmotionClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new EmotionClassifier(EmotionModel.Load(path), options, Path.GetFileName(path));
    }

    /// <summary>Loads a model from a stream (left open).</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <param name="options">Provider and threading; defaults to <see cref="EmotionClassifierOptions.Default"/>.</param>
    /// <exception cref="EmotionModelLoadException">The data is not a usable model for the seven emotions.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider cannot run and <see cref="EmotionClassifierOptions.FallbackToCpu"/> is off.</exception>
    public static EmotionClassifier Load(Stream stream, EmotionClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new EmotionClassifier(EmotionModel.Load(stream), options, "model stream");
    }

    /// <summary>Uses an already loaded model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Provider and threading; defaults to <see cref="EmotionClassifierOptions.Default"/>.</param>
    /// <exception cref="EmotionModelLoadException">The model's labels are not the seven emotions or its graph does not load.</exception>
    public static EmotionClassifier Load(EmotionModel model, EmotionClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new EmotionClassifier(model, options, "model");
    }

    /// <summary>
    /// Loads the default model: the embedded resource <see cref="DefaultModelResource"/> of the
    /// <c>EmotionRecognition.Models.Default</c> assembly, which the <c>EmotionRecognition</c> and <c>EmotionRecognition.Gpu</c>
    /// packages bring (CC BY-NC-SA 4.0, see its model card).
    /// </summary>
    /// <param name="options">Provider and threading; defaults to <see cref="EmotionClassifierOptions.Default"/>.</param>
    /// <exception cref="EmotionModelLoadException">No default model is installed (e.g. an app that references only
    /// <c>EmotionRecognition.Core</c>): load a model by path instead.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The requested provider cannot run and
    /// <see cref="EmotionClassifierOptions.FallbackToCpu"/> is off.</exception>
    public static EmotionClassifier LoadDefault(EmotionClassifierOptions? options = null)
    {
        using var stream = DefaultModel.Open();
        return new EmotionClassifier(EmotionModel.Load(stream, DefaultModelResource), options, DefaultModelResource);
    }

    /// <summary>Classifies an audio file (WAV, FLAC, or anything ffmpeg reads), cut at the spec's offset and duration.</summary>
    /// <param name="path">The audio file.</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    public EmotionPrediction Classify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfDisposed();
        var clip = AudioLoader.Load(path, _loadOptions);
        return Classify(clip.Samples, clip.SampleRate);
    }

    /// <summary>Classifies audio read from a stream (left open), cut at the spec's offset and duration.</summary>
    /// <param name="audio">Encoded audio (WAV, FLAC, ...), positioned at its start.</param>
    /// <exception cref="AudioFormatException">The data cannot be decoded.</exception>
    public EmotionPrediction Classify(Stream audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ThrowIfDisposed();
        var clip = AudioLoader.Load(audio, _loadOptions);
        return Classify(clip.Samples, clip.SampleRate);
    }

    /// <summary>
    /// Classifies mono samples taken as the already-cut clip: no offset is skipped; the samples are resampled to the spec's rate
    /// if needed, then cut or zero-padded to the spec's duration (2.5 s for the seed spec).
    /// </summary>
    /// <param name="samples">Mono samples, nominally in [-1, 1].</param>
    /// <param name="sampleRate">Their sample rate in Hz.</param>
    /// <remarks>At the spec's rate this allocates nothing but the result.</remarks>
    /// <exception cref="ArgumentException">The samples contain NaN or infinite values.</exception>
    public EmotionPrediction Classify(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        ThrowIfDisposed();
        return ClassifyAt(samples, sampleRate, CancellationToken.None);
    }

    private EmotionPrediction ClassifyAt(ReadOnlySpan<float> samples, int sampleRate, CancellationToken cancellationToken) =>
        sampleRate == FeatureSpec.SampleRate
            ? ClassifyCut(samples, cancellationToken)
            : ClassifyCut(Resampler.Resample(samples, sampleRate, FeatureSpec.SampleRate), cancellationToken);

    /// <summary>Starts classifying live mono audio pushed in chunks; see <see cref="LiveClassifier"/>.</summary>
    /// <param name="sampleRate">The rate of the audio that will be written (any rate; it is resampled).</param>
    /// <param name="window">Window length: 3 s for utterance models, the spec's duration for fixed-length ones; at most the spec's duration.</param>
    /// <param name="hop">Distance between window starts; half a window by default.</param>
    public LiveClassifier CreateLiveClassifier(int sampleRate, TimeSpan? window = null, TimeSpan? hop = null)
    {
        ThrowIfDisposed();
        var (w, h) = WindowAndHop(window, hop);
        return new LiveClassifier(NewEngine(sampleRate, w, h), sampleRate);
    }

    /// <summary>Frees the ONNX Runtime session; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _scorer.Dispose();
    }

    private (TimeSpan Window, TimeSpan Hop) WindowAndHop(TimeSpan? window, TimeSpan? hop)
    {
        var w = window ?? DefaultWindow;
        // The model would read only the first DurationSeconds of a longer window and answer as if it had heard all of it.
        if (w.TotalSeconds > FeatureSpec.DurationSeconds + 1e-9)
            throw new ArgumentOutOfRangeException(nameof(window), w,
                $"The model reads at most {FeatureSpec.DurationSeconds:0.###} s of a window; use a window of at most that, and a shorter hop for overlap.");
        return (w, hop ?? w / 2);
    }

    /// <summary>
    /// Windows of a long recording: the spec's duration for fixed-length models; 3 s for utterance models, whose spec duration is only
    /// the longest utterance they read (about one RAVDESS sentence, so a window holds a few words).
    /// </summary>
    private TimeSpan DefaultWindow => FeatureSpec.IsVariableLength ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(FeatureSpec.DurationSeconds);

    private SegmentEngine NewEngine(int inputRate, TimeSpan window, TimeSpan hop, CancellationToken cancellationToken = default) =>
        new(samples =>
        {
            ThrowIfDisposed();
            return ClassifyCut(samples, cancellationToken);
        }, FeatureSpec.SampleRate, inputRate, window, hop);

    /// <summary>
    /// Classifies a few synthetic signals once (a quiet tone, loud noise, a clipped square wave, silence). A model can pass every
    /// structural check and still be broken — NaN or huge weights (fuzz findings, see docs/reliability.md) — and is better refused
    /// now than at the first call. No probe proves a graph finite for every input, so outputs are checked on every call as well.
    /// The probe runs under <see cref="EmotionClassifierOptions.LoadCheckTimeout"/>: past it ONNX Runtime is told to terminate.
    /// </summary>
    private void CheckWorks(string source, TimeSpan timeout)
    {
        var features = new float[ModelInput.BufferLength(FeatureSpec)];
        var probabilities = new float[EmotionLabels.Count];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            foreach (var signal in LoadCheckSignals(FeatureSpec))
                ModelInput.Score(_scorer, features.AsSpan(0, Featurise(signal, features)), probabilities, deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException && deadline.IsCancellationRequested)
        {
            throw new EmotionModelLoadException(source, $"it did not classify the test signals within {timeout.TotalSeconds:0.###} s " +
                "(the load-time limit), so it was stopped; a model of this library takes milliseconds.", e);
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new EmotionModelLoadException(source, $"it does not turn a test signal into probabilities. {e.Message}", e);
        }
    }

    /// <summary>The load-time test signals at the spec's rate: a quiet tone with noise, loud white noise, a full-scale clipped square wave, silence.</summary>
    internal static IEnumerable<float[]> LoadCheckSignals(FeatureSpec spec)
    {
        var noise = new Random(1);
        var rate = (double)spec.SampleRate;
        Func<int, double>[] signals =
        [
            i => 0.1 * Math.Sin(2 * Math.PI * 220 * i / rate) + 0.01 * (noise.NextDouble() - 0.5),
            _ => noise.NextDouble() - 0.5,
            i => Math.Sin(2 * Math.PI * 150 * i / rate) >= 0 ? 1 : -1,
            _ => 0,
        ];
        // Utterance models read any length, up to 10 s: 3 s probes the same graph at a third of the load time.
        var length = spec.IsVariableLength ? Math.Min(spec.SampleCount, 3 * spec.SampleRate) : spec.SampleCount;
        foreach (var sample in signals)
            yield return [.. Enumerable.Range(0, length).Select(i => (float)sample(i))];
    }

    private EmotionPrediction ClassifyCut(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        var features = ArrayPool<float>.Shared.Rent(ModelInput.BufferLength(FeatureSpec));
        try
        {
            var row = features.AsSpan(0, Featurise(samples, features));
            // Detected after featurising, which refuses NaN: a model asked about silence or noise answers with confidence anyway.
            var speech = DetectSpeech(samples);
            if (!speech.HasSpeech)
                return EmotionPrediction.WithoutSpeech(speech);
            Span<float> probabilities = stackalloc float[EmotionLabels.Count];
            ModelInput.Score(_scorer, row, probabilities, cancellationToken);
            return new EmotionPrediction(probabilities, speech);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
        }
    }

    /// <summary>Judges what the model reads: the samples cut to the spec's duration, as <see cref="Featurise"/> cuts them.</summary>
    private SpeechActivity DetectSpeech(ReadOnlySpan<float> samples) =>
        SpeechDetector.Detect(samples[..Math.Min(samples.Length, FeatureSpec.SampleCount)], FeatureSpec.SampleRate);

    private int Featurise(ReadOnlySpan<float> samples, Span<float> buffer) => ModelInput.Write(_extractor, Model, samples, buffer);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
