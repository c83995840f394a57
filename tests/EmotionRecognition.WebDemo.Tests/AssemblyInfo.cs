// The browser's capture runs in real time: the test classes run one after another so that none starves it of CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
