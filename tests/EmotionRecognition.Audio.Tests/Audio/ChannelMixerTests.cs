namespace EmotionRecognition.Audio.Tests;

/// <summary>
/// Down-mixing against numpy 1.24.2 (Debian 12, as the fixtures): the expected bits below were printed by
/// <c>np.mean(y.T, axis=0)</c> on float32 frames laid out as soundfile returns them.
/// </summary>
public class ChannelMixerTests
{
    [Fact]
    public void StereoNegativeZerosAverageToPositiveZeroAsInNumpy()
    {
        // np.mean(np.array([[-0.,-0.],[-0.,-0.],[1.,-0.],[-0.,0.]]*5, np.float32).T, axis=0) -> [0, 0, 0.5, 0] * 5
        float[] frames = [.. Enumerable.Repeat<float[]>([-0f, -0f, -0f, -0f, 1f, -0f, -0f, 0f], 5).SelectMany(f => f)];
        Assert.Equal([.. Enumerable.Repeat<uint[]>([0, 0, 0x3F000000, 0], 5).SelectMany(f => f)], Mix(frames, 2));
    }

    [Fact]
    public void ThreeChannelsSumLeftToRight()
    {
        uint[] frames =
        [
            0x80000000, 0x80000000, 0x80000000, 0xbe88cb7f, 0xbe0bacc4, 0xbe985121, 0x3c93cf15, 0x3ecddb68, 0xbe1734b2,
            0xbe3e9c22, 0x3e167abf, 0x3ddb4579, 0x3d018875, 0xbe8eeb7e, 0xbc0fc750, 0x3e5598de, 0xbece78ab, 0xbe0c945e,
        ];
        Assert.Equal([0x0, 0xbe6f4cac, 0x3db9fd55, 0x3cb958ef, 0xbdaef638, 0xbde29de4], Mix(Floats(frames), 3));
    }

    [Fact]
    public void NineChannelsUseNumpysPairwiseSum()
    {
        uint[] frames =
        [
            0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000, 0x80000000,
            0xbe257c88, 0xbc6e6450, 0x3d0b3bed, 0xbeeb0763, 0xbe12c40c, 0xbe964cf0, 0xbe78798c, 0x3ea2f43b, 0xbe78131c,
            0xbc1fd9c6, 0x3e87d7a0, 0xbe334835, 0xbd094265, 0x3d07bd04, 0x3c9cc006, 0xbebc2b28, 0x3cbb1f4a, 0x3ed0b71c,
            0xbeeda434, 0x3e84004d, 0x3d12a988, 0xbe450f49, 0x3f19a1ca, 0x3e6a2a8b, 0xbeb835f5, 0x3cb7218f, 0x3e3128b7,
            0xbd67f9b9, 0x3e51ca40, 0xbca37914, 0x3e4cfa7c, 0x3edcf503, 0xbe4f903e, 0x3d799de2, 0xbe0e53fe, 0x3d1c632e,
            0xbeb65a63, 0xbe31f622, 0xbd7115eb, 0x3e8a0cd5, 0x3eafe7f6, 0xbecb4b3b, 0xbe741d38, 0x3e46ba8e, 0xbf190491,
        ];
        // A left-to-right sum would give 0x3c93a708 and 0x3d6b7ec2 for frames 2 and 4.
        Assert.Equal([0x0, 0xbe09124c, 0x3c93a709, 0x3d092d55, 0x3d6b7ec4, 0xbde6e799], Mix(Floats(frames), 9));
    }

    [Fact]
    public void LoaderAveragesAMultichannelWavTheSameWay()
    {
        uint[] frames = [0x80000000, 0x80000000, 0x80000000, 0xbe88cb7f, 0xbe0bacc4, 0xbe985121];
        var wav = WavWriter.Build(new WavSpec(WavWriter.Float, 3, 8000, 32), WavWriter.FloatSamples([.. Floats(frames).Select(f => (double)f)], 32));
        var clip = AudioLoader.Load(new MemoryStream(wav), new() { SampleRate = null });
        Assert.Equal([0x0, 0xbe6f4cac], clip.Samples.Select(BitConverter.SingleToUInt32Bits));
    }

    private static float[] Floats(uint[] bits) => [.. bits.Select(BitConverter.UInt32BitsToSingle)];

    private static uint[] Mix(float[] interleaved, int channels)
    {
        var mono = new float[interleaved.Length / channels];
        ChannelMixer.ToMono(interleaved, channels, mono);
        return [.. mono.Select(BitConverter.SingleToUInt32Bits)];
    }
}
