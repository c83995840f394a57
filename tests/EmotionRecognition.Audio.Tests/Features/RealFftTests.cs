using EmotionRecognition.Features;
using EmotionRecognition.TestData;

namespace EmotionRecognition.Audio.Tests.Features;

public class RealFftTests
{
    [RequiresTheory(Requirement.SharedData)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(256)]
    [InlineData(2048)]
    public void ForwardMatchesTheDefinitionAndInverseRestoresTheSignal(int size)
    {
        var signal = LibrosaFixture.Get("03-01-07-02-01-02-12").Signal.AsSpan(20000, size).ToArray();
        var input = Array.ConvertAll(signal, v => (double)v);
        var fft = RealFft<double>.ForSize(size);
        var real = new double[size / 2 + 1];
        var imaginary = new double[size / 2 + 1];
        fft.Forward(input, real, imaginary);
        for (var k = 0; k <= size / 2; k += Math.Max(1, size / 64))
        {
            double re = 0, im = 0;
            for (var n = 0; n < size; n++)
            {
                var angle = -2 * Math.PI * k * n / size;
                re += input[n] * Math.Cos(angle);
                im += input[n] * Math.Sin(angle);
            }
            Assert.Equal(re, real[k], 1e-9);
            Assert.Equal(im, imaginary[k], 1e-9);
        }
        var restored = new double[size];
        fft.Inverse(real, imaginary, restored, new double[size / 2], new double[size / 2]);
        for (var n = 0; n < size; n++)
            Assert.Equal(input[n], restored[n], 1e-12);
    }

    [RequiresFact(Requirement.SharedData)]
    public void SinglePrecisionAgreesWithDoublePrecision()
    {
        var signal = LibrosaFixture.Get("b_22050_mono_s16").Signal.AsSpan(30000, 2048).ToArray();
        var single = RealFft<float>.ForSize(2048);
        var re = new float[1025];
        var im = new float[1025];
        single.Forward(signal, re, im);
        var reD = new double[1025];
        var imD = new double[1025];
        RealFft<double>.ForSize(2048).Forward(Array.ConvertAll(signal, v => (double)v), reD, imD);
        var scale = reD.Select(Math.Abs).Max();
        for (var k = 0; k < 1025; k++)
        {
            Assert.Equal(reD[k], re[k], 1e-5 * scale);
            Assert.Equal(imD[k], im[k], 1e-5 * scale);
        }
    }

    [Fact]
    public void RejectsSizesThatAreNotPowersOfTwo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RealFft<float>.ForSize(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => RealFft<float>.ForSize(2));
    }
}
