namespace EmotionRecognition.Training;

/// <summary>What <see cref="TorchRuntime.Configure"/> changes in the host process.</summary>
public sealed record TorchRuntimeOptions
{
    /// <summary>
    /// On Linux with glibc: keep freed memory in the heap (<c>M_MMAP_MAX</c> 0, <c>M_TRIM_THRESHOLD</c> maximal) and let
    /// libtorch ask for transparent huge pages (<c>THP_MEM_ALLOC_ENABLE=1</c>). Ignored elsewhere. Default: on.
    /// </summary>
    public bool TuneAllocator { get; init; } = true;

    /// <summary>Torch's intra-op threads (<c>torch.set_num_threads</c>). Default: one per processor.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
