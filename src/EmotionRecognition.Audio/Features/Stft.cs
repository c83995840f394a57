using System.Numerics;
using System.Numerics.Tensors;

namespace EmotionRecognition.Features;

/// <summary>
/// librosa's centred short-time Fourier transform (periodic Hann window, zero padding of half a frame on
/// each side) and its inverse with window-sum-square normalisation, computed in precision <typeparamref name="T"/>.
/// </summary>
internal sealed class Stft<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // librosa compares the window sum with util.tiny: the smallest normal float32.
    private const double SmallestNormalFloat = 1.1754943508222875e-38;

    public Stft(int fftSize, int hopLength)
    {
        Fft = RealFft<T>.ForSize(fftSize);
        Window = Array.ConvertAll(HannWindow.Periodic(fftSize), T.CreateTruncating);
        HopLength = hopLength;
    }

    public RealFft<T> Fft { get; }

    public T[] Window { get; }

    public int FftSize => Fft.Size;

    public int BinCount => Fft.BinCount;

    public int HopLength { get; }

    /// <summary>Frames of a centred STFT of <paramref name="signalLength"/> samples.</summary>
    public int FrameCount(int signalLength) => 1 + signalLength / HopLength;

    /// <summary>Length of the zero-padded buffer <see cref="Pad"/> fills.</summary>
    public int PaddedLength(int signalLength) => signalLength + FftSize;

    /// <summary>Copies <paramref name="signal"/> into <paramref name="padded"/> after half a frame of zeros and zeroes the rest.</summary>
    public void Pad(ReadOnlySpan<float> signal, Span<float> padded)
    {
        var half = FftSize / 2;
        padded[..half].Clear();
        signal.CopyTo(padded[half..]);
        padded[(half + signal.Length)..].Clear();
    }

    /// <summary>One spectrum frame of a padded signal.</summary>
    public void Frame(ReadOnlySpan<float> padded, int frame, Span<T> real, Span<T> imaginary)
    {
        Fft.Forward(padded.Slice(frame * HopLength, FftSize), Window, real, imaginary);
    }

    /// <summary>The complex STFT, frame-major (<c>frames x BinCount</c> per part).</summary>
    public (T[] Real, T[] Imaginary, int Frames) Forward(ReadOnlySpan<float> signal)
    {
        var frames = FrameCount(signal.Length);
        var padded = new float[PaddedLength(signal.Length)];
        Pad(signal, padded);
        var real = new T[frames * BinCount];
        var imaginary = new T[frames * BinCount];
        for (var t = 0; t < frames; t++)
            Frame(padded, t, real.AsSpan(t * BinCount, BinCount), imaginary.AsSpan(t * BinCount, BinCount));
        return (real, imaginary, frames);
    }

    /// <summary>
    /// <c>librosa.istft(..., length=length)</c>: windowed overlap-add of the inverse FFTs, divided by the
    /// summed squared window wherever that sum is not negligible, cut or zero-extended to <paramref name="length"/>.
    /// </summary>
    public float[] Inverse(ReadOnlySpan<T> real, ReadOnlySpan<T> imaginary, int frames, int length)
    {
        var half = FftSize / 2;
        // Frames that only touch samples past `length` (plus the centring pad) are skipped, as in librosa.
        var used = Math.Min(frames, (int)Math.Ceiling((double)(length + 2 * half) / HopLength));
        var total = FftSize + HopLength * (Math.Max(used, 1) - 1);
        var sum = new T[total];
        var windowSquares = new T[total];
        var squaredWindow = new T[FftSize];
        TensorPrimitives.Multiply(Window, Window, squaredWindow);
        var frame = new T[FftSize];
        var workReal = new T[FftSize / 2];
        var workImaginary = new T[FftSize / 2];
        for (var t = 0; t < used; t++)
        {
            Fft.Inverse(real.Slice(t * BinCount, BinCount), imaginary.Slice(t * BinCount, BinCount), frame, workReal, workImaginary);
            var target = sum.AsSpan(t * HopLength, FftSize);
            TensorPrimitives.FusedMultiplyAdd(frame, Window, target, target);
            var squares = windowSquares.AsSpan(t * HopLength, FftSize);
            TensorPrimitives.Add(squares, squaredWindow, squares);
        }
        var output = new float[length];
        var tiny = T.CreateTruncating(SmallestNormalFloat);
        var available = Math.Min(length, total - half);
        for (var i = 0; i < available; i++)
        {
            var norm = windowSquares[half + i];
            var value = sum[half + i];
            output[i] = float.CreateTruncating(norm > tiny ? value / norm : value);
        }
        return output;
    }
}
