namespace RxWebSocketStream.Tests;

/// <summary>A thread-safe list of messages that a test can await reaching a count, with no clock.</summary>
internal sealed class MessageLog
{
    private readonly object _gate = new();
    private readonly List<Message> _messages = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public IReadOnlyList<Message> Snapshot
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public void Add(Message message)
    {
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _messages.Add(message);
            _waiters.RemoveAll(w =>
            {
                if (w.Count > _messages.Count)
                {
                    return false;
                }

                reached.Add(w.Reached);
                return true;
            });
        }

        reached.ForEach(r => r.TrySetResult());
    }

    /// <summary>Completes when <paramref name="count"/> messages have been added.</summary>
    public Task WaitForCountAsync(int count)
    {
        lock (_gate)
        {
            if (_messages.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }
}
