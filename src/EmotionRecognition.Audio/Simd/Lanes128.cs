using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EmotionRecognition.Simd;

/// <summary>A <see cref="Vector128{T}"/> (SSE / NEON) as <see cref="ILanes{TSelf, T}"/>.</summary>
/// <typeparam name="T">The element type (the kernels use float and double).</typeparam>
internal readonly struct Lanes128<T>(Vector128<T> value) : ILanes<Lanes128<T>, T>
    where T : unmanaged
{
    private readonly Vector128<T> _value = value;

    /// <summary>The vector itself, for the width-specific shuffles that <see cref="ILanes{TSelf, T}"/> does not cover.</summary>
    public Vector128<T> Value => _value;

    public static int Count => Vector128<T>.Count;

    public static Lanes128<T> Zero => default;

    public static Lanes128<T> Create(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Load(ref T source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T target, nuint index) => _value.StoreUnsafe(ref target, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> MultiplyAdd(Lanes128<T> a, Lanes128<T> b, Lanes128<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector128.MultiplyAddEstimate(a._value.AsSingle(), b._value.AsSingle(), c._value.AsSingle()).As<float, T>());
        if (typeof(T) == typeof(double))
            return new(Vector128.MultiplyAddEstimate(a._value.AsDouble(), b._value.AsDouble(), c._value.AsDouble()).As<double, T>());
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> LessThan(Lanes128<T> left, Lanes128<T> right) => new(Vector128.LessThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Lanes128<T> Reverse()
    {
        if (typeof(T) == typeof(double))
            return new(Vector128.Shuffle(_value.AsDouble(), Vector128.Create(1L, 0)).As<double, T>());
        if (typeof(T) == typeof(float))
            return new(Vector128.Shuffle(_value.AsSingle(), Vector128.Create(3, 2, 1, 0)).As<float, T>());
        throw new NotSupportedException($"Reversing {typeof(T).Name} lanes is not implemented.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector128.Sum(_value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Lanes128<T> lower, Lanes128<T> upper, ref float target, nuint index) =>
        Vector128.Narrow(lower._value.AsDouble(), upper._value.AsDouble()).StoreUnsafe(ref target, index);

    public static Lanes128<T> operator +(Lanes128<T> left, Lanes128<T> right) => new(left._value + right._value);

    public static Lanes128<T> operator -(Lanes128<T> left, Lanes128<T> right) => new(left._value - right._value);

    public static Lanes128<T> operator *(Lanes128<T> left, Lanes128<T> right) => new(left._value * right._value);

    public static Lanes128<T> operator -(Lanes128<T> value) => new(-value._value);

    public static Lanes128<T> operator &(Lanes128<T> left, Lanes128<T> right) => new(left._value & right._value);

    public static Lanes128<T> operator |(Lanes128<T> left, Lanes128<T> right) => new(left._value | right._value);

    public static Lanes128<T> operator ^(Lanes128<T> left, Lanes128<T> right) => new(left._value ^ right._value);

    public static Lanes128<T> operator ~(Lanes128<T> value) => new(~value._value);
}
