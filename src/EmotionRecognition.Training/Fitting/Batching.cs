namespace EmotionRecognition.Training;

/// <summary>Splits rows into mini-batches.</summary>
internal static class Batching
{
    /// <summary>
    /// Consecutive (start, length) ranges of at most <paramref name="batchSize"/> rows; a lone trailing row joins the
    /// batch before it, because BatchNorm cannot train on a batch of one.
    /// </summary>
    public static IEnumerable<(long Start, long Length)> Ranges(long count, int batchSize)
    {
        for (long start = 0; start < count;)
        {
            var length = Math.Min(batchSize, count - start);
            if (count - start - length == 1)
                length++;
            yield return (start, length);
            start += length;
        }
    }

    /// <summary>How many ranges <see cref="Ranges"/> yields.</summary>
    public static int Count(long count, int batchSize) => Ranges(count, batchSize).Count();

    /// <summary>Shuffles in place with Fisher–Yates driven by <paramref name="random"/>.</summary>
    public static void Shuffle(long[] order, Random random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
