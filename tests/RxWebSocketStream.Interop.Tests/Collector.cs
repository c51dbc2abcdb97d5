namespace RxWebSocketStream.Interop.Tests;

/// <summary>
/// Subscribes to one of our connections and records what arrived, so a test can await a number of
/// messages or the end under <see cref="Guard"/>.
/// </summary>
internal sealed class Collector : IObserver<Message>
{
    private readonly object _gate = new();
    private readonly List<Message> _messages = [];
    private readonly TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Message> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Completes at the end: with <see langword="null"/> for OnCompleted, else the OnError exception.</summary>
    public Task<Exception?> Ended => _ended.Task;

    public async Task<IReadOnlyList<Message>> WaitForAsync(int count)
    {
        // A hang guard, not a wait: each await ends as soon as a message or the end arrives.
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_messages.Count >= count)
                {
                    return [.. _messages];
                }

                changed = _changed.Task;
            }

            if (_ended.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The stream ended after {Messages.Count} of {count} messages.", _ended.Task.Result);
            }

            try
            {
                await Task.WhenAny(changed, _ended.Task).WaitAsync(Guard.HangTimeout - guard.Elapsed);
            }
            catch (Exception e) when (e is TimeoutException or ArgumentOutOfRangeException)
            {
                throw new TimeoutException($"Only {Messages.Count} of {count} messages within {Guard.HangTimeout}.");
            }
        }
    }

    public void OnNext(Message value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _messages.Add(value);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void OnError(Exception error) => _ended.TrySetResult(error);

    public void OnCompleted() => _ended.TrySetResult(null);
}
