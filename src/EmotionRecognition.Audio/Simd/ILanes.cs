using System.Numerics;

namespace EmotionRecognition.Simd;

/// <summary>
/// One hardware vector of <typeparamref name="T"/> at a fixed width, so that a kernel is written once and
/// instantiated per width: the JIT specialises each struct instantiation and inlines these members, so the generic
/// kernel compiles to the same instructions as one written against <c>Vector256</c> directly.
/// </summary>
/// <typeparam name="TSelf">The implementing vector type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal interface ILanes<TSelf, T> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>,
    IBitwiseOperators<TSelf, TSelf, TSelf>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    /// <summary>Loads <see cref="Count"/> elements from <paramref name="source"/> + <paramref name="index"/>.</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary>Stores the lanes at <paramref name="target"/> + <paramref name="index"/>.</summary>
    void Store(ref T target, nuint index);

    /// <summary>a * b + c, fused where the CPU has FMA (so results may differ from a separate multiply and add in the last bit).</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>All bits set in the lanes where <paramref name="left"/> &lt; <paramref name="right"/>.</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>The lanes in reverse order.</summary>
    TSelf Reverse();

    /// <summary>The sum of the lanes.</summary>
    T Sum();

    /// <summary>Narrows <paramref name="lower"/> then <paramref name="upper"/> (double lanes) to 2 x <see cref="Count"/> floats at <paramref name="target"/> + <paramref name="index"/>.</summary>
    static abstract void StoreNarrowed(TSelf lower, TSelf upper, ref float target, nuint index);
}
