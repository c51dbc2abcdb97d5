namespace RxWebSocketStream.Tests;

/// <summary>
/// An observer of a real connection that records what it saw and lets a test await events (a number of
/// messages, the end) under <see cref="Guard.Within(Task)"/>, never on time.
/// </summary>
internal sealed class Recorder : IObserver<Message>
{
    private readonly MessageLog _messages = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _terminalCalls;

    /// <summary>Called for each message before it is recorded; a subscriber that throws, for example.</summary>
    public Action<Message>? OnEach { get; init; }

    public IReadOnlyList<Message> Messages => _messages.Snapshot;

    public IReadOnlyList<string> Texts => [.. Messages.Select(m => m.Text)];

    /// <summary>Completes on OnCompleted; faults if OnError came instead.</summary>
    public Task Completed => CompletedAsync();

    /// <summary>Completes with the error of OnError; faults if OnCompleted came instead.</summary>
    public Task<Exception> Error => ErrorAsync();

    /// <summary>How many terminal calls arrived (must never exceed 1).</summary>
    public int TerminalCalls => Volatile.Read(ref _terminalCalls);

    /// <summary>Completes when <paramref name="count"/> messages arrived; faults if the stream ended first.</summary>
    public async Task WaitForMessagesAsync(int count)
    {
        var reached = _messages.WaitForCountAsync(count);
        await Task.WhenAny(reached, _completed.Task, _error.Task);
        if (!reached.IsCompleted)
        {
            throw new InvalidOperationException($"The stream ended after {Messages.Count} of {count} messages.", _error.Task.IsCompleted ? _error.Task.Result : null);
        }
    }

    private async Task CompletedAsync()
    {
        if (await Task.WhenAny(_completed.Task, _error.Task) == _error.Task)
        {
            throw new InvalidOperationException("OnError came instead of OnCompleted.", _error.Task.Result);
        }
    }

    private async Task<Exception> ErrorAsync()
    {
        if (await Task.WhenAny(_completed.Task, _error.Task) == _completed.Task)
        {
            throw new InvalidOperationException("OnCompleted came instead of OnError.");
        }

        return _error.Task.Result;
    }

    public void OnNext(Message value)
    {
        OnEach?.Invoke(value);
        _messages.Add(value);
    }

    public void OnError(Exception error)
    {
        Interlocked.Increment(ref _terminalCalls);
        _error.TrySetResult(error);
    }

    public void OnCompleted()
    {
        Interlocked.Increment(ref _terminalCalls);
        _completed.TrySetResult();
    }
}
