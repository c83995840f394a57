using System.Runtime.ExceptionServices;

namespace EmotionRecognition.Data;

/// <summary>Parallel loops over clips that fail the way a sequential loop would: with the clip's own exception, not an AggregateException.</summary>
internal static class Parallelism
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1 on all cores; the first failure is rethrown as itself (a corrupt clip's
    /// <see cref="Audio.AudioFormatException"/> stays one, so the CLI reports it as bad input).</summary>
    public static void For(int count, Action<int> body, CancellationToken cancellationToken)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
    }
}
