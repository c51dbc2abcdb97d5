namespace RxWebSocketStream.Benchmarks.Transport;

/// <summary>Counts messages; the benchmark thread waits for a count (normally reached inline, before Feed returns).</summary>
internal sealed class CountingObserver : IObserver<Message>
{
    private long _count;
    private long _bytes;
    private Exception? _error;

    public long Count => Volatile.Read(ref _count);

    public void OnNext(Message value)
    {
        _bytes += value.Data.Length;
        Volatile.Write(ref _count, _count + 1);
    }

    public void OnError(Exception error) => _error = error;

    public void OnCompleted() => _error = new InvalidOperationException("The connection ended during the benchmark.");

    public long WaitFor(long target)
    {
        var spin = new SpinWait();
        while (Count < target)
        {
            if (_error is { } error)
            {
                throw new InvalidOperationException("The connection failed during the benchmark.", error);
            }

            spin.SpinOnce();
        }

        return _bytes;
    }
}
