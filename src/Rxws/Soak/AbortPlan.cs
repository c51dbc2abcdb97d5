namespace Rxws.Soak;

/// <summary>
/// The messages at which a connection is broken, drawn once from the seed: the gaps between two points are
/// uniform in 1 to <c>2 × mean - 1</c>, so they average the mean and the same seed always gives the same points.
/// A point whose message never reaches the aborting end (it was reported unsent, or lost with an earlier
/// abort) breaks nothing, so a run has at most <see cref="Count"/> aborts.
/// </summary>
internal sealed class AbortPlan
{
    private readonly bool[] _points;

    public AbortPlan(int messages, int meanGap, int seed)
    {
        _points = new bool[messages];
        if (meanGap <= 0)
        {
            return;
        }

        var random = new Random(seed);
        var widest = (2L * meanGap) - 1;
        for (var at = (long)random.NextInt64(1, widest + 1); at < messages; at += random.NextInt64(1, widest + 1))
        {
            _points[at] = true;
            Count++;
        }
    }

    /// <summary>How many abort points were drawn.</summary>
    public int Count { get; }

    public bool IsAbortPoint(long sequence) => sequence >= 0 && sequence < _points.Length && _points[sequence];
}
