using EmotionRecognition.Audio;
using EmotionRecognition.WebDemo.Hosting;

namespace EmotionRecognition.WebDemo.Files;

/// <summary>What the page draws for a file: its windows, its length and a coarse waveform (peak level per column).</summary>
internal sealed record FileAnalysis(string Name, double Duration, IReadOnlyList<WindowJson> Windows, IReadOnlyList<float> Waveform)
{
    private const int WaveformColumns = 800;

    // The waveform is only drawn; a low rate keeps a half-hour file to a few MB.
    private static readonly AudioLoadOptions WaveformLoad = new() { SampleRate = 4000 };

    /// <summary>Classifies a saved upload window by window through the library's decoding path, within the length limit.</summary>
    public static FileAnalysis Run(string path, string name, EmotionClassifier classifier, WebDemoOptions options, CancellationToken cancellationToken)
    {
        var windows = new List<WindowJson>();
        foreach (var segment in classifier.ClassifySegments(path, options.Window, options.Hop, cancellationToken))
        {
            if (segment.End.TotalSeconds > options.MaxUploadSeconds)
                throw new UploadTooLargeException($"{name} is longer than the {options.MaxUploadSeconds:0} s this demo analyses.");
            windows.Add(WindowJson.From(segment));
        }
        var clip = AudioLoader.Load(path, WaveformLoad, cancellationToken);
        return new FileAnalysis(name, clip.Duration.TotalSeconds, windows, Peaks(clip.Samples));
    }

    private static float[] Peaks(ReadOnlySpan<float> samples)
    {
        var columns = Math.Min(WaveformColumns, samples.Length);
        var peaks = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var from = (int)((long)samples.Length * c / columns);
            var to = (int)((long)samples.Length * (c + 1) / columns);
            peaks[c] = MathF.Round(MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(samples[from..to])), 4);
        }
        return peaks;
    }
}
