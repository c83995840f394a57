namespace EmotionRecognition.WebDemo.Hosting;

/// <summary>Admits at most a fixed number of holders at once, without waiting: a refused caller is answered "busy" at once.</summary>
internal sealed class SessionGate(int capacity)
{
    private int _active;

    public int Capacity { get; } = capacity;

    public int Active => Volatile.Read(ref _active);

    /// <summary>A lease to dispose when the session ends, or null when every place is taken.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _active) <= Capacity) return new Lease(this);
        Interlocked.Decrement(ref _active);
        return null;
    }

    private sealed class Lease(SessionGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref gate._active);
        }
    }
}
