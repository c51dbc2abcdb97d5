namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Records what a subscriber of a connection gets, including what it must never get: a second terminal
/// notification, or a message after the first. Single-threaded use (the in-memory harness) only.
/// </summary>
internal sealed class StrictObserver : IObserver<Message>
{
    private readonly List<Message> _messages = [];

    public IReadOnlyList<Message> Messages => _messages;

    public int TerminalCalls { get; private set; }

    public int MessagesAfterEnd { get; private set; }

    public bool Completed { get; private set; }

    public Exception? Error { get; private set; }

    public void OnNext(Message value)
    {
        if (TerminalCalls > 0)
        {
            MessagesAfterEnd++;
        }

        _messages.Add(value);
    }

    public void OnError(Exception error)
    {
        TerminalCalls++;
        Error ??= error;
    }

    public void OnCompleted()
    {
        TerminalCalls++;
        Completed = true;
    }
}
