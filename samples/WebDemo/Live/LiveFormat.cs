using System.Text.Json;

namespace EmotionRecognition.WebDemo.Live;

/// <summary>How a client's PCM frames are laid out: little-endian 32-bit float or 16-bit integer mono samples.</summary>
internal enum PcmEncoding
{
    Float32,
    Int16,
}

/// <summary>The first message of a live session: <c>{"type":"start","sampleRate":48000,"format":"f32"}</c> (or <c>"s16"</c>).</summary>
internal sealed record LiveFormat(int SampleRate, PcmEncoding Encoding)
{
    public const int MinSampleRate = 8000;
    public const int MaxSampleRate = 192_000;

    public const string Expected =
        "The first message must be JSON text like {\"type\":\"start\",\"sampleRate\":48000,\"format\":\"f32\"} (format f32 or s16, rate 8000-192000).";

    public int BytesPerSample => Encoding == PcmEncoding.Float32 ? sizeof(float) : sizeof(short);

    public static LiveFormat Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !IsString(root, "type", "start")) throw new LiveProtocolException(Expected);
            var rate = root.TryGetProperty("sampleRate", out var r) && r.TryGetInt32(out var value) ? value : 0;
            if (rate is < MinSampleRate or > MaxSampleRate) throw new LiveProtocolException(Expected);
            if (IsString(root, "format", "f32")) return new LiveFormat(rate, PcmEncoding.Float32);
            if (IsString(root, "format", "s16")) return new LiveFormat(rate, PcmEncoding.Int16);
            throw new LiveProtocolException(Expected);
        }
        catch (JsonException)
        {
            throw new LiveProtocolException(Expected);
        }
    }

    private static bool IsString(JsonElement root, string name, string expected) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.ValueEquals(expected);
}
