namespace EmotionRecognition.Audio;

/// <summary>ITU-T G.711 expansion to 16-bit linear PCM (the values libsndfile and ffmpeg produce).</summary>
internal static class G711
{
    public static short ALawToLinear(byte code)
    {
        var a = code ^ 0x55;
        var mantissa = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        var magnitude = segment switch
        {
            0 => mantissa + 8,
            1 => mantissa + 0x108,
            _ => (mantissa + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
    }

    public static short MuLawToLinear(byte code)
    {
        const int bias = 0x84;
        var u = ~code & 0xFF;
        var magnitude = (((u & 0x0F) << 3) + bias) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? bias - magnitude : magnitude - bias);
    }
}
