namespace RxWebSocketStream;

public sealed partial class ReconnectingConnection
{
    // Guarded by _gate. Messages wait here until a connection is open; one pump at a time hands them over in order.
    private readonly Queue<PendingSend> _sendQueue = new();
    private bool _pumping;

    /// <summary>
    /// Sends a message on the open connection, or, while none is open, as <paramref name="policy"/> says. Every call
    /// ends in exactly one of three ways:
    /// <list type="bullet">
    /// <item>the task completes: the open connection handed the message to its socket;</item>
    /// <item>it faults with <see cref="InvalidOperationException"/>: the message was not sent (no connection and
    /// <see cref="QueuedMessagePolicy.FailWhileDisconnected"/>, the queue is full, the open connection was already
    /// closing and refused it, or the session ended before a connection took it; the cause, if any, is the inner
    /// exception);</item>
    /// <item>it faults with <see cref="MessagePossiblyLostException"/>: the message was handed to a connection that
    /// then failed. It is never re-sent by the session.</item>
    /// </list>
    /// Messages are handed to connections in call order; queued ones go first on the next connection.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="policy">What to do while no connection is open; <see langword="null"/> for <see cref="ReconnectingConnectionOptions.QueuedMessagePolicy"/>.</param>
    /// <returns>A task that tells what became of the message.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not defined.</exception>
    public Task SendAsync(Message message, QueuedMessagePolicy? policy = null)
    {
        var chosen = policy ?? _options.QueuedMessagePolicy;
        if (!Enum.IsDefined(chosen))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), chosen, $"{chosen} is not a QueuedMessagePolicy value.");
        }

        var item = new PendingSend(message, chosen, new TaskCompletionSource());
        lock (_gate)
        {
            if (_stopRequested)
            {
                return Task.FromException(new InvalidOperationException("The session is closed; the message was not sent."));
            }

            if (_open is null && chosen == QueuedMessagePolicy.FailWhileDisconnected)
            {
                return Task.FromException(new InvalidOperationException("No connection is open (FailWhileDisconnected); the message was not sent."));
            }

            if (_sendQueue.Count >= _options.SendBufferCapacity)
            {
                return Task.FromException(new InvalidOperationException($"The session's send queue is full ({_options.SendBufferCapacity} messages, SendBufferCapacity); the message was not sent."));
            }

            _sendQueue.Enqueue(item);
        }

        Pump();
        return item.Completion.Task;
    }

    /// <summary>Hands queued messages to the open connection, in order, one pump at a time.</summary>
    private void Pump()
    {
        lock (_gate)
        {
            if (_pumping)
            {
                // The running pump (perhaps further up this very stack) takes the new message in turn.
                return;
            }

            _pumping = true;
        }

        while (true)
        {
            PendingSend item;
            WebSocketConnection connection;
            lock (_gate)
            {
                if (_open is null || _sendQueue.Count == 0)
                {
                    _pumping = false;
                    return;
                }

                connection = _open;
                item = _sendQueue.Dequeue();
            }

            // Outside the lock: the connection may complete the send, or fail, inline. Its SendAsync keeps call order,
            // so there is no need to await one message before handing over the next.
            Task sent;
            try
            {
                sent = connection.SendAsync(item.Message);
            }
            catch (Exception e)
            {
                sent = Task.FromException(e);
            }

            _ = sent.ContinueWith(
                static (t, state) =>
                {
                    var pending = (PendingSend)state!;
                    if (t.IsCompletedSuccessfully)
                    {
                        pending.Completion.TrySetResult();
                    }
                    else if (t.Exception?.InnerException is InvalidOperationException refused)
                    {
                        // The connection refuses with InvalidOperationException only a message it never wrote: it was
                        // already closing (the peer's close frame had arrived). Not sent, and known not to be.
                        pending.Completion.TrySetException(new InvalidOperationException("The connection was closing and did not take the message; the message was not sent.", refused));
                    }
                    else
                    {
                        // Handed over: whatever the connection says, it may have reached the wire. Never re-sent.
                        pending.Completion.TrySetException(new MessagePossiblyLostException(pending.Message, t.Exception?.InnerException ?? new OperationCanceledException()));
                    }
                },
                item,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>A connection ended: sends that asked to fail while disconnected and are still queued fail now.</summary>
    private void FailWhileDisconnectedSends()
    {
        List<PendingSend> failed = [];
        lock (_gate)
        {
            if (!_sendQueue.Any(static p => p.Policy == QueuedMessagePolicy.FailWhileDisconnected))
            {
                return;
            }

            var kept = _sendQueue.Where(static p => p.Policy == QueuedMessagePolicy.QueueWhileDisconnected).ToArray();
            failed.AddRange(_sendQueue.Where(static p => p.Policy == QueuedMessagePolicy.FailWhileDisconnected));
            _sendQueue.Clear();
            foreach (var p in kept)
            {
                _sendQueue.Enqueue(p);
            }
        }

        foreach (var p in failed)
        {
            p.Completion.TrySetException(new InvalidOperationException("The connection ended before the message was handed to it (FailWhileDisconnected); the message was not sent."));
        }
    }

    /// <summary>The session ended: every queued message fails as not sent.</summary>
    private void FailQueuedSends(Exception? cause)
    {
        PendingSend[] failed;
        lock (_gate)
        {
            failed = [.. _sendQueue];
            _sendQueue.Clear();
        }

        foreach (var p in failed)
        {
            p.Completion.TrySetException(new InvalidOperationException("The session ended before a connection took the message; the message was not sent.", cause));
        }
    }

    private sealed record PendingSend(Message Message, QueuedMessagePolicy Policy, TaskCompletionSource Completion);
}
