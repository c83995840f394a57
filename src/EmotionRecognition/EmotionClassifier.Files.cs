using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using EmotionRecognition.Audio;
using EmotionRecognition.Inference;
using EmotionRecognition.Speech;

namespace EmotionRecognition;

// Many files at once, async, and long recordings: the classifier's API for work that takes a while.
public sealed partial class EmotionClassifier
{
    /// <summary>
    /// Classifies many files: each gets its prediction or the reason it could not be classified, in input order, so one bad file
    /// costs only its own result. Files are decoded and featurised on all cores; fixed-length models then run once per batch of
    /// 32 files, variable-length (utterance) models once per file, because utterances of different lengths cannot share a tensor.
    /// </summary>
    /// <param name="paths">The audio files.</param>
    /// <param name="cancellationToken">Stops decoding between blocks and terminates a model run in progress.</param>
    /// <returns>One result per path, in order.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<FileClassification> ClassifyFiles(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var list = Checked(paths);
        var results = new List<FileClassification>(list.Count);
        for (var start = 0; start < list.Count; start += ChunkSize)
            results.AddRange(ClassifyChunk(list, start, cancellationToken));
        return results;
    }

    /// <summary>
    /// Classifies many files as <see cref="ClassifyFiles"/> does, off the caller's thread, yielding each batch's results as soon
    /// as that batch is done, in input order.
    /// </summary>
    /// <param name="paths">The audio files.</param>
    /// <param name="cancellationToken">Stops decoding between blocks and terminates a model run in progress.</param>
    /// <returns>One result per path, in order.</returns>
    public IAsyncEnumerable<FileClassification> ClassifyFilesAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        ClassifyFilesLazily(Checked(paths), cancellationToken);

    /// <summary>Classifies many files that must all be readable; see <see cref="ClassifyFiles"/> for per-file errors.</summary>
    /// <param name="paths">The audio files.</param>
    /// <returns>One prediction per file, in order.</returns>
    /// <exception cref="AudioFormatException">A file cannot be decoded (every file is still tried first).</exception>
    public IReadOnlyList<EmotionPrediction> ClassifyBatch(IEnumerable<string> paths) => AllOrThrow(ClassifyFiles(paths));

    /// <summary>Classifies many files that must all be readable, off the caller's thread; see <see cref="ClassifyFilesAsync"/> for per-file errors.</summary>
    /// <param name="paths">The audio files.</param>
    /// <param name="cancellationToken">Stops decoding between blocks and terminates a model run in progress.</param>
    /// <returns>One prediction per file, in order.</returns>
    /// <exception cref="AudioFormatException">A file cannot be decoded.</exception>
    public async Task<IReadOnlyList<EmotionPrediction>> ClassifyBatchAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var results = new List<FileClassification>();
        await foreach (var result in ClassifyFilesAsync(paths, cancellationToken).ConfigureAwait(false))
            results.Add(result);
        return AllOrThrow(results);
    }

    /// <summary>Classifies an audio file off the caller's thread.</summary>
    /// <param name="path">The audio file.</param>
    /// <param name="cancellationToken">Stops decoding between blocks and terminates a model run in progress.</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded.</exception>
    public Task<EmotionPrediction> ClassifyAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfDisposed();
        return Task.Run(() => ClassifyFile(path, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Classifies a long recording window by window, streaming it in constant memory (decoded block by block, mixed to mono,
    /// resampled, windowed). Windows start at the beginning of the file (no offset is skipped).
    /// </summary>
    /// <param name="path">The audio file.</param>
    /// <param name="window">
    /// Window length: 3 s for utterance models, the spec's duration for fixed-length ones, by default; at most the spec's duration
    /// (longer windows are refused, because the model would read only their start). Fixed-length models zero-pad shorter windows.
    /// </param>
    /// <param name="hop">Distance between window starts; half a window by default.</param>
    /// <param name="cancellationToken">Checked between blocks; terminates a model run in progress.</param>
    /// <returns>One segment per complete window (a recording shorter than a window yields one short segment), lazily.</returns>
    public IEnumerable<EmotionSegment> ClassifySegments(string path, TimeSpan? window = null, TimeSpan? hop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfDisposed();
        var (w, h) = WindowAndHop(window, hop);
        return SegmentEngine.Run(() => AudioFile.Open(path), rate => NewEngine(rate, w, h, cancellationToken), cancellationToken);
    }

    /// <summary>Classifies a long recording read from a stream (left open) window by window; see <see cref="ClassifySegments(string, TimeSpan?, TimeSpan?, CancellationToken)"/>.</summary>
    /// <param name="audio">Encoded audio, positioned at its start.</param>
    /// <param name="window">Window length: 3 s for utterance models, the spec's duration for fixed-length ones; at most the spec's duration.</param>
    /// <param name="hop">Distance between window starts; half a window by default.</param>
    /// <param name="cancellationToken">Checked between blocks; terminates a model run in progress.</param>
    /// <returns>One segment per complete window, lazily.</returns>
    public IEnumerable<EmotionSegment> ClassifySegments(Stream audio, TimeSpan? window = null, TimeSpan? hop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ThrowIfDisposed();
        var (w, h) = WindowAndHop(window, hop);
        return SegmentEngine.Run(() => AudioFile.Open(audio, leaveOpen: true), rate => NewEngine(rate, w, h, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Classifies a long recording window by window off the caller's thread: each window is decoded and classified on the thread
    /// pool and yielded as soon as it is done; see <see cref="ClassifySegments(string, TimeSpan?, TimeSpan?, CancellationToken)"/>.
    /// </summary>
    /// <param name="path">The audio file.</param>
    /// <param name="window">Window length: 3 s for utterance models, the spec's duration for fixed-length ones; at most the spec's duration.</param>
    /// <param name="hop">Distance between window starts; half a window by default.</param>
    /// <param name="cancellationToken">
    /// Stops decoding between blocks and terminates a model run in progress (so does a token given to <c>WithCancellation</c>).
    /// </param>
    /// <returns>One segment per complete window, as it is computed.</returns>
    public IAsyncEnumerable<EmotionSegment> ClassifySegmentsAsync(string path, TimeSpan? window = null, TimeSpan? hop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfDisposed();
        var (w, h) = WindowAndHop(window, hop);
        return SegmentEngine.RunAsync(() => AudioFile.Open(path), (rate, token) => NewEngine(rate, w, h, token), cancellationToken);
    }

    /// <summary>
    /// Classifies live mono audio as it arrives (a microphone, a socket): every window's prediction is yielded as soon as its last
    /// chunk has been read, and the end of <paramref name="audio"/> flushes the rest, as <see cref="LiveClassifier.Complete"/> does.
    /// </summary>
    /// <param name="audio">Chunks of mono samples (nominally in [-1, 1]) at <paramref name="sampleRate"/>, of any size.</param>
    /// <param name="sampleRate">Their sample rate in Hz (any rate; it is resampled).</param>
    /// <param name="window">Window length: 3 s for utterance models, the spec's duration for fixed-length ones; at most the spec's duration.</param>
    /// <param name="hop">Distance between window starts; half a window by default.</param>
    /// <param name="cancellationToken">Stops reading <paramref name="audio"/> and terminates a model run in progress.</param>
    /// <returns>One segment per complete window, in order.</returns>
    public IAsyncEnumerable<EmotionSegment> ClassifyLiveAsync(IAsyncEnumerable<ReadOnlyMemory<float>> audio, int sampleRate, TimeSpan? window = null,
        TimeSpan? hop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        ThrowIfDisposed();
        var (w, h) = WindowAndHop(window, hop);
        return SegmentEngine.RunLiveAsync(audio, token => NewEngine(sampleRate, w, h, token), cancellationToken);
    }

    private IReadOnlyList<string> Checked(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ThrowIfDisposed();
        // A list is read item by item as its batch comes up, so a cancelled run stops reading it too.
        return paths as IReadOnlyList<string> ?? paths.ToArray();
    }

    private async IAsyncEnumerable<FileClassification> ClassifyFilesLazily(IReadOnlyList<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var start = 0; start < paths.Count; start += ChunkSize)
        {
            var first = start;
            foreach (var result in await Task.Run(() => ClassifyChunk(paths, first, cancellationToken), cancellationToken).ConfigureAwait(false))
                yield return result;
        }
    }

    private static EmotionPrediction[] AllOrThrow(IReadOnlyList<FileClassification> results)
    {
        // Callers of the all-or-nothing API expect the file's own exception, as Classify(path) throws it.
        foreach (var result in results)
            if (result.Error is { } error) ExceptionDispatchInfo.Throw(error);
        return results.Select(r => r.Prediction!).ToArray();
    }

    private EmotionPrediction ClassifyFile(string path, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var clip = AudioLoader.Load(path, _loadOptions, cancellationToken);
        return ClassifyAt(clip.Samples, clip.SampleRate, cancellationToken);
    }

    /// <summary>
    /// Files handled together: one model batch for fixed-length models; for utterance models, which run file by file anyway, more,
    /// so that the cores wait less often for the slowest file of a chunk.
    /// </summary>
    private int ChunkSize => FeatureSpec.IsVariableLength ? 4 * BatchSize : BatchSize;

    /// <summary>The next (up to) <see cref="ChunkSize"/> files from <paramref name="start"/>.</summary>
    private FileClassification[] ClassifyChunk(IReadOnlyList<string> paths, int start, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var count = Math.Min(ChunkSize, paths.Count - start);
        var names = new string[count];
        var results = new FileClassification[count];
        if (FeatureSpec.IsVariableLength)
        {
            ForEachFile(count, i =>
            {
                names[i] = paths[start + i];
                results[i] = Attempt(names[i], () => ClassifyFile(names[i], cancellationToken));
            }, cancellationToken);
            return results;
        }
        var rows = ArrayPool<float>.Shared.Rent(count * _length);
        try
        {
            var speech = new SpeechActivity[count];
            var failures = new Exception?[count];
            ForEachFile(count, i =>
            {
                names[i] = paths[start + i];
                failures[i] = Attempt(() =>
                {
                    var clip = AudioLoader.Load(names[i], _loadOptions, cancellationToken);
                    Featurise(clip.Samples, rows.AsSpan(i * _length, _length));
                    speech[i] = DetectSpeech(clip.Samples);
                });
            }, cancellationToken);
            var probabilities = ScoreEach(rows, count, i => failures[i] is null && speech[i].HasSpeech, failures, cancellationToken);
            for (var i = 0; i < count; i++)
                results[i] = failures[i] is { } failure ? FileClassification.Failed(names[i], failure)
                    : FileClassification.Classified(names[i], probabilities[i] is { } p ? new EmotionPrediction(p, speech[i]) : EmotionPrediction.WithoutSpeech(speech[i]));
            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>
    /// Probabilities for the rows <paramref name="include"/> picks, from one graph run over them all. Should the model give
    /// something that is not a distribution for any of them, each is scored on its own, so that only the files it breaks on fail
    /// (their <paramref name="failures"/> entry is set) and the others keep their answers.
    /// </summary>
    private float[]?[] ScoreEach(float[] rows, int count, Func<int, bool> include, Exception?[] failures, CancellationToken cancellationToken)
    {
        var picked = Enumerable.Range(0, count).Where(include).ToArray();
        try
        {
            return ScorePacked(rows, count, picked, cancellationToken);
        }
        catch (ModelOutputException)
        {
            var byFile = new float[]?[count];
            foreach (var i in picked)
            {
                try
                {
                    byFile[i] = ScorePacked(rows, count, [i], cancellationToken)[i];
                }
                catch (ModelOutputException e)
                {
                    failures[i] = e;
                }
            }
            return byFile;
        }
    }

    /// <summary>Runs the graph once on the <paramref name="picked"/> rows, packed into a buffer of their own; the others get no probabilities.</summary>
    private float[]?[] ScorePacked(float[] rows, int count, int[] picked, CancellationToken cancellationToken)
    {
        var byFile = new float[]?[count];
        if (picked.Length == 0) return byFile;
        var packed = ArrayPool<float>.Shared.Rent(picked.Length * _length);
        try
        {
            for (var k = 0; k < picked.Length; k++)
                rows.AsSpan(picked[k] * _length, _length).CopyTo(packed.AsSpan(k * _length, _length));
            var probabilities = new float[picked.Length * EmotionLabels.Count];
            _scorer.Run(packed.AsSpan(0, picked.Length * _length), picked.Length, probabilities, cancellationToken);
            for (var k = 0; k < picked.Length; k++)
                byFile[picked[k]] = probabilities.AsSpan(k * EmotionLabels.Count, EmotionLabels.Count).ToArray();
            return byFile;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>Runs <paramref name="body"/> for every file on all cores; a cancellation surfaces as itself, not wrapped.</summary>
    private static void ForEachFile(int count, Action<int> body, CancellationToken cancellationToken)
    {
        try
        {
            // Bounded by the cores: left unbounded, Parallel.For takes every thread a busy pool injects, so more files are
            // decoded (and held in memory) at once than there are cores to work on them, and more are in flight when a cancel comes.
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private static FileClassification Attempt(string path, Func<EmotionPrediction> classify)
    {
        try
        {
            return FileClassification.Classified(path, classify());
        }
        catch (Exception e) when (IsTheFilesOwn(e))
        {
            return FileClassification.Failed(path, e);
        }
    }

    private static Exception? Attempt(Action work)
    {
        try
        {
            work();
            return null;
        }
        catch (Exception e) when (IsTheFilesOwn(e))
        {
            return e;
        }
    }

    // Cancellation and disposal end the whole batch; anything else went wrong with that one file.
    private static bool IsTheFilesOwn(Exception e) => e is not (OperationCanceledException or ObjectDisposedException);
}
