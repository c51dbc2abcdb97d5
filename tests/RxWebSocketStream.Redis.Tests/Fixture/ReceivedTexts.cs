namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// The text messages one client received, in order, and a way to wait, on the messages themselves rather than
/// on time, until a given one has arrived.
/// </summary>
internal sealed class ReceivedTexts : IObserver<Message>
{
    private readonly object _gate = new();
    private readonly List<string> _texts = [];
    private readonly List<(string Text, TaskCompletionSource Arrived)> _waits = [];
    private Exception? _error;

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_gate)
            {
                return [.. _texts];
            }
        }
    }

    /// <summary>Waits until <paramref name="text"/> has been received (it may already have been).</summary>
    public Task ArrivedAsync(string text)
    {
        lock (_gate)
        {
            if (_texts.Contains(text))
            {
                return Task.CompletedTask;
            }

            if (_error is not null)
            {
                return Task.FromException(new InvalidOperationException($"The client failed before '{text}' arrived.", _error));
            }

            var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((text, wait));
            return wait.Task.Within();
        }
    }

    public void OnNext(Message value)
    {
        lock (_gate)
        {
            _texts.Add(value.Text);
            foreach (var wait in _waits.Where(w => w.Text == value.Text).ToList())
            {
                _waits.Remove(wait);
                wait.Arrived.TrySetResult();
            }
        }
    }

    public void OnError(Exception error)
    {
        lock (_gate)
        {
            _error = error;
            foreach (var (text, arrived) in _waits)
            {
                arrived.TrySetException(new InvalidOperationException($"The client failed before '{text}' arrived.", error));
            }

            _waits.Clear();
        }
    }

    public void OnCompleted()
    {
    }
}
