using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EmotionRecognition.Simd;

/// <summary>A <see cref="Vector512{T}"/> (AVX-512) as <see cref="ILanes{TSelf, T}"/>.</summary>
/// <typeparam name="T">The element type (the kernels use float and double).</typeparam>
internal readonly struct Lanes512<T>(Vector512<T> value) : ILanes<Lanes512<T>, T>
    where T : unmanaged
{
    private readonly Vector512<T> _value = value;

    public static int Count => Vector512<T>.Count;

    public static Lanes512<T> Zero => default;

    public static Lanes512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T target, nuint index) => _value.StoreUnsafe(ref target, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> MultiplyAdd(Lanes512<T> a, Lanes512<T> b, Lanes512<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector512.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector512.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> LessThan(Lanes512<T> left, Lanes512<T> right) => new(Vector512.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Lanes512<T> Reverse()
    {
        if (typeof(T) == typeof(double))
            return new(Vector512.Shuffle(_value.AsDouble(), Vector512.Create(7L, 6, 5, 4, 3, 2, 1, 0)).As<double, T>());
        if (typeof(T) == typeof(float))
            return new(Vector512.Shuffle(_value.AsSingle(), Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).As<float, T>());
        throw new NotSupportedException($"Reversing {typeof(T).Name} lanes is not implemented.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector512.Sum(_value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Lanes512<T> lower, Lanes512<T> upper, ref float target, nuint index) =>
        Vector512.Narrow(lower._value.AsDouble(), upper._value.AsDouble()).StoreUnsafe(ref target, index);

    public static Lanes512<T> operator +(Lanes512<T> left, Lanes512<T> right) => new(left._value + right._value);

    public static Lanes512<T> operator -(Lanes512<T> left, Lanes512<T> right) => new(left._value - right._value);

    public static Lanes512<T> operator *(Lanes512<T> left, Lanes512<T> right) => new(left._value * right._value);

    public static Lanes512<T> operator -(Lanes512<T> value) => new(-value._value);

    public static Lanes512<T> operator &(Lanes512<T> left, Lanes512<T> right) => new(left._value & right._value);

    public static Lanes512<T> operator |(Lanes512<T> left, Lanes512<T> right) => new(left._value | right._value);

    public static Lanes512<T> operator ^(Lanes512<T> left, Lanes512<T> right) => new(left._value ^ right._value);

    public static Lanes512<T> operator ~(Lanes512<T> value) => new(~value._value);
}
