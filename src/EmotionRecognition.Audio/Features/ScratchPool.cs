namespace EmotionRecognition.Features;

/// <summary>
/// A lock-free handful of reusable <see cref="FeatureScratch"/> buffers: each concurrent caller gets its
/// own; a caller beyond the pool's size gets a fresh one that is kept if a slot is free on return.
/// </summary>
internal sealed class ScratchPool
{
    private readonly FeatureScratch?[] _slots = new FeatureScratch?[Math.Max(2, Environment.ProcessorCount * 2)];
    private readonly Func<FeatureScratch> _create;

    public ScratchPool(Func<FeatureScratch> create) => _create = create;

    public FeatureScratch Rent()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var item = Interlocked.Exchange(ref _slots[i], null);
            if (item is not null) return item;
        }
        return _create();
    }

    public void Return(FeatureScratch scratch)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], scratch, null) is null) return;
        }
    }
}
