using System.Runtime.CompilerServices;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// One connection in one group: its own bounded queue of broadcast messages, drained by one send at a time.
/// The broadcaster only enqueues (never waits on the socket); the drain runs on the thread pool while there
/// is something to send and stops when the queue is empty, so an idle member costs no thread and no task.
/// </summary>
internal sealed class GroupMember : IThreadPoolWorkItem
{
    private readonly Queue<Message> _queue = new();
    private readonly Action _afterSend;
    private readonly BroadcastGroupOptions _options;
    private ConfiguredTaskAwaitable.ConfiguredTaskAwaiter _sending;
    private bool _draining;
    private bool _left;

    public GroupMember(BroadcastGroup group, FanOutConnection connection)
    {
        Group = group;
        Connection = connection;
        _options = group.Options;
        _afterSend = AfterSend;
    }

    public BroadcastGroup Group { get; }

    public FanOutConnection Connection { get; }

    /// <summary>Queues a message for this member, applying the group's <see cref="SlowClientPolicy"/> when the queue is full.</summary>
    public void Enqueue(Message message)
    {
        var dropped = 0;
        var close = false;
        var start = false;
        lock (_queue)
        {
            if (_left)
            {
                // Left the group (or its connection ended) after the broadcast took its list of members.
                return;
            }

            if (_queue.Count < _options.QueueCapacity)
            {
                _queue.Enqueue(message);
            }
            else if (_options.SlowClient == SlowClientPolicy.DropOldest)
            {
                _queue.Dequeue();
                _queue.Enqueue(message);
                dropped = 1;
            }
            else if (_options.SlowClient == SlowClientPolicy.DropNewest)
            {
                dropped = 1;
            }
            else
            {
                dropped = _queue.Count + 1;
                _queue.Clear();
                _left = true;
                close = true;
            }

            if (!_draining && _queue.Count > 0)
            {
                _draining = start = true;
            }
        }

        if (dropped > 0)
        {
            Group.Counters.Dropped(this, dropped);
        }

        if (close)
        {
            Group.Counters.SlowClientClosed(this);
            Group.Remove(this);
            Connection.Connection.Close(WebSocketCloseInfo.ForProtocol(_options.CloseStatus, _options.CloseReason));
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>No more messages are queued; what is already queued is still sent.</summary>
    public void Leave()
    {
        lock (_queue)
        {
            _left = true;
        }
    }

    void IThreadPoolWorkItem.Execute() => Drain();

    private void Drain()
    {
        while (TryTake(out var message))
        {
            var awaiter = Connection.Connection.SendAsync(message).ConfigureAwait(false).GetAwaiter();
            if (!awaiter.IsCompleted)
            {
                // Wait for the socket without holding a thread; the cached delegate allocates nothing.
                _sending = awaiter;
                awaiter.UnsafeOnCompleted(_afterSend);
                return;
            }

            if (!Sent(awaiter))
            {
                return;
            }
        }
    }

    private void AfterSend()
    {
        var awaiter = _sending;
        _sending = default;
        if (Sent(awaiter))
        {
            Drain();
        }
    }

    /// <summary>
    /// Whether the send succeeded. It fails only when the connection is closing or has ended: then this member
    /// leaves its group, and the message and whatever is still queued are counted as dropped.
    /// </summary>
    private bool Sent(ConfiguredTaskAwaitable.ConfiguredTaskAwaiter awaiter)
    {
        try
        {
            awaiter.GetResult();
            return true;
        }
        catch (Exception)
        {
            int dropped;
            lock (_queue)
            {
                _left = true;
                _draining = false;
                dropped = _queue.Count + 1;
                _queue.Clear();
            }

            Group.Counters.Dropped(this, dropped);
            Group.Remove(this);
            return false;
        }
    }

    private bool TryTake(out Message message)
    {
        lock (_queue)
        {
            if (_queue.TryDequeue(out message))
            {
                return true;
            }

            _draining = false;
            return false;
        }
    }
}
