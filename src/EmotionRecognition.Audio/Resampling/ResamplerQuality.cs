namespace EmotionRecognition.Audio;

/// <summary>The band-limited interpolation filter a resampler uses (resampy's pre-computed Kaiser filters).</summary>
public enum ResamplerQuality
{
    /// <summary>
    /// resampy's <c>kaiser_best</c>, which librosa's <c>res_type='kaiser_best'</c> uses: 50 zero crossings,
    /// Kaiser β 12.9846, roll-off 0.917347 of Nyquist, 2^13 table points per crossing.
    /// </summary>
    Best,

    /// <summary>
    /// resampy's <c>kaiser_fast</c>: 24 zero crossings, Kaiser β 9.90322, roll-off 0.868212 of Nyquist,
    /// 2^9 table points per crossing. About half the work of <see cref="Best"/>.
    /// </summary>
    Fast,
}
