namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// A one-shot start line for racing threads: the last of <c>parties</c> to arrive lets everyone go. The
/// others wait spinning (and yielding) rather than asleep in the kernel, because a woken thread starts tens
/// of microseconds late, when a close or a burst of sends is long over and the race is no race: with a
/// blocking start, racing closers broke a deliberately unguarded check-then-act in about 1 iteration of
/// 200; with this one, in about 1 of 8.
/// </summary>
internal sealed class StartLine(int parties) : IDisposable
{
    // 2047 is the most ManualResetEventSlim spins before blocking; its spinning yields, so waiting threads
    // on 2 cores do not starve the ones still on their way.
    private readonly ManualResetEventSlim _go = new(initialState: false, spinCount: 2047);
    private int _notArrived = parties;

    public void ArriveAndWait()
    {
        if (Interlocked.Decrement(ref _notArrived) == 0)
        {
            _go.Set();
        }
        else
        {
            _go.Wait();
        }
    }

    public void Dispose() => _go.Dispose();

    /// <summary>
    /// Runs <paramref name="body"/>(0..count-1) on <paramref name="count"/> dedicated threads (pool threads
    /// held at a start line would starve the pool on 2 cores) released together by a start line; completes
    /// when all have returned, with their exceptions.
    /// </summary>
    public static Task RunTogether(int count, Action<int> body)
    {
        var start = new StartLine(count);
        var threads = Enumerable.Range(0, count).Select(index => Task.Factory.StartNew(
            () =>
            {
                start.ArriveAndWait();
                body(index);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        return Task.WhenAll(threads).ContinueWith(
            all =>
            {
                start.Dispose();
                return all;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }
}
