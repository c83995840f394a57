using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EmotionRecognition.Simd;

/// <summary>A <see cref="Vector256{T}"/> (AVX2) as <see cref="ILanes{TSelf, T}"/>.</summary>
/// <typeparam name="T">The element type (the kernels use float and double).</typeparam>
internal readonly struct Lanes256<T>(Vector256<T> value) : ILanes<Lanes256<T>, T>
    where T : unmanaged
{
    private readonly Vector256<T> _value = value;

    /// <summary>The vector itself, for the width-specific shuffles that <see cref="ILanes{TSelf, T}"/> does not cover.</summary>
    public Vector256<T> Value => _value;

    public static int Count => Vector256<T>.Count;

    public static Lanes256<T> Zero => default;

    public static Lanes256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T target, nuint index) => _value.StoreUnsafe(ref target, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> MultiplyAdd(Lanes256<T> a, Lanes256<T> b, Lanes256<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector256.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector256.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> LessThan(Lanes256<T> left, Lanes256<T> right) => new(Vector256.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Lanes256<T> Reverse()
    {
        if (typeof(T) == typeof(double))
            return new(Vector256.Shuffle(_value.AsDouble(), Vector256.Create(3L, 2, 1, 0)).As<double, T>());
        if (typeof(T) == typeof(float))
            return new(Vector256.Shuffle(_value.AsSingle(), Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0)).As<float, T>());
        throw new NotSupportedException($"Reversing {typeof(T).Name} lanes is not implemented.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector256.Sum(_value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Lanes256<T> lower, Lanes256<T> upper, ref float target, nuint index) =>
        Vector256.Narrow(lower._value.AsDouble(), upper._value.AsDouble()).StoreUnsafe(ref target, index);

    public static Lanes256<T> operator +(Lanes256<T> left, Lanes256<T> right) => new(left._value + right._value);

    public static Lanes256<T> operator -(Lanes256<T> left, Lanes256<T> right) => new(left._value - right._value);

    public static Lanes256<T> operator *(Lanes256<T> left, Lanes256<T> right) => new(left._value * right._value);

    public static Lanes256<T> operator -(Lanes256<T> value) => new(-value._value);

    public static Lanes256<T> operator &(Lanes256<T> left, Lanes256<T> right) => new(left._value & right._value);

    public static Lanes256<T> operator |(Lanes256<T> left, Lanes256<T> right) => new(left._value | right._value);

    public static Lanes256<T> operator ^(Lanes256<T> left, Lanes256<T> right) => new(left._value ^ right._value);

    public static Lanes256<T> operator ~(Lanes256<T> value) => new(~value._value);
}
