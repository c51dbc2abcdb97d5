namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// What a <see cref="Broadcaster"/> knows of one connection: the groups it is in, so that it leaves them all
/// when it closes, and how many messages broadcast to it were dropped.
/// </summary>
internal sealed class FanOutConnection(WebSocketConnection connection)
{
    private readonly List<BroadcastGroup> _groups = [];
    private long _dropped;
    private bool _ended;
    private int _watched;

    public WebSocketConnection Connection { get; } = connection;

    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    /// <summary>Whether the caller is the first to ask, and so must watch the connection's end.</summary>
    public bool StartWatching() => Interlocked.Exchange(ref _watched, 1) == 0;

    public void CountDropped(int count) => Interlocked.Add(ref _dropped, count);

    /// <summary>Records a group joined; <see langword="false"/> when the connection already ended, so it must not join.</summary>
    public bool Joined(BroadcastGroup group)
    {
        lock (_groups)
        {
            if (_ended)
            {
                return false;
            }

            _groups.Add(group);
            return true;
        }
    }

    public void Left(BroadcastGroup group)
    {
        lock (_groups)
        {
            _groups.Remove(group);
        }
    }

    /// <summary>The connection ended: no more joins; returns the groups it was in.</summary>
    public BroadcastGroup[] End()
    {
        lock (_groups)
        {
            _ended = true;
            var groups = _groups.ToArray();
            _groups.Clear();
            return groups;
        }
    }
}
