// Torch's random generator and thread pool are process-wide: tests that train with a seed must not interleave
// with tests that create models on other threads, and on two cores parallel torch tests only contend anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
