using EmotionRecognition.Audio;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmotionRecognition.Features;

/// <summary>
/// Everything that defines a feature vector: how the clip is cut from the audio, how frames are taken and
/// which features are stacked in which order. Two equal specs give identical vectors for the same signal.
/// </summary>
/// <remarks>
/// Fixed-length layouts (the seed's) fit clips to exactly <see cref="SampleCount"/> samples before any feature is computed:
/// longer signals are cut, shorter ones zero-padded at the end, so a vector always has <see cref="VectorLength"/> values.
/// <see cref="FeatureLayout.LogMelByFrame"/> is variable-length: the clip is only cut at <see cref="DurationSeconds"/>, optionally
/// trimmed to its speech (<see cref="TrimSilence"/>), and gives one row of <see cref="FrameWidth"/> values per frame.
/// </remarks>
public sealed record FeatureSpec
{
    private const int MaxSamples = 1 << 26;
    // Below 1 kHz no speech band survives (telephone speech is sampled at 8 kHz); a spec that asks for less is broken, not small.
    private const int MinSampleRate = 1000;
    private const int MaxFrameLength = 1 << 16;
    private const int MaxMelBands = 4096;

    /// <summary>The original project's features: 22,050 Hz, 0.6 s offset, 2.5 s, ZCR + RMS + 20 MFCCs = 2,376 values.</summary>
    public static FeatureSpec Seed { get; } = new();

    /// <summary>
    /// The utterance features the default model reads: 64 log-mel bands from 0 to 7.6 kHz of the whole utterance at 16 kHz
    /// (32 ms frames every 10 ms), trimmed to its speech, up to 10 s. Every input rate from 16 kHz up gives the same bands, because
    /// nothing above 7.6 kHz is read (docs/training.md, "The utterance spec").
    /// </summary>
    public static FeatureSpec Utterance { get; } = new()
    {
        SampleRate = 16000,
        OffsetSeconds = 0,
        DurationSeconds = 10,
        FrameLength = 512,
        HopLength = 160,
        MelBandCount = 64,
        MaxFrequency = 7600,
        Layout = FeatureLayout.LogMelByFrame,
        TrimSilence = true,
    };

    /// <summary>Sample rate the signal is resampled to before features (Hz).</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Seconds skipped at the start of the file before the clip begins.</summary>
    public double OffsetSeconds { get; init; } = 0.6;

    /// <summary>Clip length in seconds; signals are cut or zero-padded to this length.</summary>
    public double DurationSeconds { get; init; } = 2.5;

    /// <summary>Frame length in samples for the STFT (n_fft), ZCR and RMS; a power of two.</summary>
    public int FrameLength { get; init; } = 2048;

    /// <summary>Samples between the starts of consecutive frames.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>MFCC coefficients kept per frame.</summary>
    public int MfccCount { get; init; } = 20;

    /// <summary>Mel bands the MFCCs are computed from.</summary>
    public int MelBandCount { get; init; } = 128;

    /// <summary>Lowest mel filter frequency (Hz).</summary>
    public double MinFrequency { get; init; }

    /// <summary>Highest mel filter frequency (Hz); <see langword="null"/> means half the sample rate.</summary>
    public double? MaxFrequency { get; init; }

    /// <summary>Use the HTK mel scale instead of Slaney's (filters keep Slaney area normalisation either way).</summary>
    public bool HtkMelScale { get; init; }

    /// <summary>Dynamic range kept by the log-mel step: values below the clip's maximum minus this are raised to it.</summary>
    public double TopDb { get; init; } = 80;

    /// <summary>Order of the values in a vector.</summary>
    public FeatureLayout Layout { get; init; } = FeatureLayout.ZcrRmsMfccByFrame;

    /// <summary>
    /// Cut leading and trailing non-speech before features: the clip keeps the span from <see cref="EmotionRecognition.Speech.SpeechDetector"/>'s first
    /// to last loud frame, widened by <see cref="TrimMarginSeconds"/> on each side (the whole clip when no such frame exists).
    /// Only for <see cref="FeatureLayout.LogMelByFrame"/>.
    /// </summary>
    public bool TrimSilence { get; init; }

    /// <summary>Seconds of context kept before the first and after the last loud frame when trimming.</summary>
    public const double TrimMarginSeconds = 0.1;

    /// <summary>Whether the frame count follows the clip (<see cref="FeatureLayout.LogMelByFrame"/>) instead of being fixed.</summary>
    [JsonIgnore]
    public bool IsVariableLength => Layout == FeatureLayout.LogMelByFrame;

    /// <summary>Values per frame: <see cref="MelBandCount"/> for log-mel layouts, <c>2 + MfccCount</c> (ZCR, RMS, MFCCs) otherwise.</summary>
    [JsonIgnore]
    public int FrameWidth => IsVariableLength ? MelBandCount : 2 + MfccCount;

    /// <summary>Samples in a fitted clip: <c>round(DurationSeconds * SampleRate)</c>.</summary>
    [JsonIgnore]
    public int SampleCount => (int)Math.Round(DurationSeconds * SampleRate, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Frames of a fitted clip: <c>1 + SampleCount / HopLength</c> (108 for the seed spec); the most frames a clip can give in a
    /// variable-length layout.
    /// </summary>
    [JsonIgnore]
    public int FrameCount => 1 + SampleCount / HopLength;

    /// <summary>
    /// Values per vector: <c>FrameCount * FrameWidth</c> (2,376 for the seed spec); for a variable-length layout, the most a
    /// clip can give.
    /// </summary>
    [JsonIgnore]
    public int VectorLength => FrameCount * FrameWidth;

    /// <summary>The mel filter bank's upper edge in Hz.</summary>
    [JsonIgnore]
    public double EffectiveMaxFrequency => MaxFrequency ?? SampleRate / 2.0;

    /// <summary>Checks every setting and reports all problems at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid; the message lists them all.</exception>
    public void Validate()
    {
        // Upper limits too: a spec read from a model file is input, and buffers are sized from it.
        var errors = new List<string>();
        if (SampleRate < MinSampleRate || SampleRate > WavFormatParser.MaxSampleRate)
            errors.Add($"SampleRate must be between {MinSampleRate} and {WavFormatParser.MaxSampleRate} (was {SampleRate}).");
        if (!(OffsetSeconds >= 0) || double.IsInfinity(OffsetSeconds)) errors.Add($"OffsetSeconds must be zero or positive (was {OffsetSeconds}).");
        if (!(DurationSeconds > 0) || double.IsInfinity(DurationSeconds)) errors.Add($"DurationSeconds must be positive (was {DurationSeconds}).");
        else if (SampleRate > 0 && DurationSeconds * SampleRate > MaxSamples) errors.Add($"DurationSeconds * SampleRate is too large (at most {MaxSamples:N0} samples).");
        else if (SampleRate >= MinSampleRate && FrameLength > 0 && SampleCount < FrameLength)
            errors.Add($"DurationSeconds must hold at least one frame of {FrameLength} samples at {SampleRate} Hz (was {DurationSeconds} s, {SampleCount} samples).");
        if (FrameLength < 4 || FrameLength > MaxFrameLength || !BitOperations.IsPow2(FrameLength))
            errors.Add($"FrameLength must be a power of two from 4 to {MaxFrameLength} (was {FrameLength}).");
        if (HopLength <= 0) errors.Add($"HopLength must be positive (was {HopLength}).");
        if (MelBandCount <= 0 || MelBandCount > MaxMelBands) errors.Add($"MelBandCount must be between 1 and {MaxMelBands} (was {MelBandCount}).");
        if (MfccCount <= 0 || MfccCount > MelBandCount) errors.Add($"MfccCount must be between 1 and MelBandCount (was {MfccCount}).");
        else if (errors.Count == 0 && (1L + SampleCount / HopLength) * FrameWidth > MaxSamples)
            errors.Add($"the vector would be longer than {MaxSamples:N0} values.");
        if (!(MinFrequency >= 0)) errors.Add($"MinFrequency must be zero or positive (was {MinFrequency}).");
        if (!(EffectiveMaxFrequency > MinFrequency) || (SampleRate > 0 && EffectiveMaxFrequency > SampleRate / 2.0))
            errors.Add($"MaxFrequency must be above MinFrequency and at most SampleRate / 2 (was {EffectiveMaxFrequency}).");
        if (!(TopDb > 0) || double.IsInfinity(TopDb)) errors.Add($"TopDb must be positive (was {TopDb}).");
        if (!Enum.IsDefined(Layout)) errors.Add($"Layout {(int)Layout} is not defined.");
        if (TrimSilence && !IsVariableLength) errors.Add("TrimSilence needs the variable-length layout LogMelByFrame (a fixed-length clip keeps its timing).");
        if (errors.Count > 0)
            throw new ArgumentException("Invalid feature spec: " + string.Join(" ", errors));
    }

    /// <summary>
    /// The <see cref="AudioLoader"/> options that cut a clip for this spec: its sample rate, offset and duration, so training
    /// and inference read audio the same way.
    /// </summary>
    public AudioLoadOptions ToLoadOptions() => new() { SampleRate = SampleRate, Offset = OffsetSeconds, Duration = DurationSeconds };

    /// <summary>The spec as indented JSON with camel-case names and enum names as strings (stable across versions).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FeatureSpecJsonContext.Default.FeatureSpec);

    /// <summary>Reads a spec written by <see cref="ToJson"/>; missing settings take their defaults.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentException">The JSON is malformed, has unknown properties, or the spec is invalid.</exception>
    public static FeatureSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        FeatureSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(WithDefaults(json), FeatureSpecJsonContext.Default.FeatureSpec);
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The feature spec JSON is invalid: " + e.Message, nameof(json), e);
        }
        if (spec is null)
            throw new ArgumentException("The feature spec JSON is null.", nameof(json));
        spec.Validate();
        return spec;
    }

    /// <summary>
    /// The JSON laid over the default spec's JSON: a source-generated contract sets every init-only property, so one missing from
    /// the JSON would become 0 instead of keeping its default.
    /// </summary>
    private static string WithDefaults(string json)
    {
        if (System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject given)
            return json;
        var merged = System.Text.Json.Nodes.JsonNode.Parse(new FeatureSpec().ToJson())!.AsObject();
        foreach (var (name, value) in given.ToArray())
        {
            given.Remove(name);
            merged[name] = value;
        }
        return merged.ToJsonString();
    }
}
