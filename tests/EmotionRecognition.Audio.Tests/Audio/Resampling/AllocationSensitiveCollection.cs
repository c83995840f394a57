namespace EmotionRecognition.Audio.Tests.Audio.Resampling;

/// <summary>
/// Test classes that must not run beside each other: the resampler's allocation check counts every byte its thread allocates,
/// and a lock on the shared sinc tables contended by another class's resampling allocates on the waiting thread.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AllocationSensitiveCollection
{
    public const string Name = "allocation sensitive";
}
