namespace RxWebSocketStream.Multiplexing;

/// <summary>
/// One subscriber of a topic: its observer, its own filter and unsubscribe function. Calls to the observer are
/// serialized and stop after the first end, because messages and the end can come from different sources (the
/// connection, the connection stream, a failed send).
/// </summary>
internal sealed class Subscriber(IObserver<Message> observer, Message key, Func<Message> unsubscribeMessage, Func<Message, bool> filter)
{
    private readonly object _gate = new();
    private bool _ended;

    /// <summary>The topic: the value of the subscribe message.</summary>
    public Message Key { get; } = key;

    public Func<Message> UnsubscribeMessage { get; } = unsubscribeMessage;

    public Func<Message, bool> Filter { get; } = filter;

    public void OnNext(Message message)
    {
        lock (_gate)
        {
            if (!_ended)
            {
                observer.OnNext(message);
            }
        }
    }

    /// <summary>Completes (<paramref name="error"/> null) or fails the observer, once.</summary>
    public void End(Exception? error)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (error is null)
            {
                observer.OnCompleted();
            }
            else
            {
                observer.OnError(error);
            }
        }
    }
}
