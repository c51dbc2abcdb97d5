namespace RxWebSocketStream.Interop.Tests.Server;

/// <summary>What one server-side connection saw: the handshake, each message, and how it ended.</summary>
public sealed class ServerConnectionLog
{
    private readonly object _gate = new();
    private readonly List<Message> _messages = [];
    private readonly TaskCompletionSource<IReadOnlyList<string>> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WebSocketCloseInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the sub-protocol the server accepted, or <see langword="null"/>.</summary>
    public string? Accepted { get; private set; }

    /// <summary>Completes with the sub-protocols the client offered, when its request arrives.</summary>
    public Task<IReadOnlyList<string>> Requested => _requested.Task;

    /// <summary>
    /// Completes with the server connection's <see cref="WebSocketConnection.Closed"/> result, or faults with
    /// its error.
    /// </summary>
    public Task<WebSocketCloseInfo> Closed => _closed.Task;

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

    internal void OnRequest(IList<string> offered, string? accepted)
    {
        Accepted = accepted;
        _requested.TrySetResult([.. offered]);
    }

    internal void OnMessage(Message message)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
    }

    internal void OnClosed(WebSocketCloseInfo info) => _closed.TrySetResult(info);

    internal void OnFailed(Exception e) => _closed.TrySetException(e);
}
