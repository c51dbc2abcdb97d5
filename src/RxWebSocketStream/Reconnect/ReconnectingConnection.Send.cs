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
    public Task SendAsync(Message message, QueuedMessagePolicy? policy = null) => SendAsync(message, policy, CancellationToken.None);

    /// <summary>
    /// Sends a message as <see cref="SendAsync(Message, QueuedMessagePolicy?)"/> does, with the session's
    /// <see cref="ReconnectingConnectionOptions.QueuedMessagePolicy"/>, and gives up when
    /// <paramref name="cancellationToken"/> is cancelled while the message still waits: see
    /// <see cref="SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Withdraws the message while it waits in the session's queue or for room in the connection's send buffer.</param>
    /// <returns>A task that tells what became of the message.</returns>
    public Task SendAsync(Message message, CancellationToken cancellationToken) => SendAsync(message, policy: null, cancellationToken);

    /// <summary>
    /// Sends a message as <see cref="SendAsync(Message, QueuedMessagePolicy?)"/> does. Cancelling
    /// <paramref name="cancellationToken"/> withdraws the message while it still waits (in the session's queue for a
    /// connection, or for room in the open connection's send buffer): the task is then cancelled and the message is
    /// known not to have been sent. A message already in the connection's send buffer is sent regardless, as with
    /// <see cref="WebSocketConnection.SendAsync(Message, CancellationToken)"/>. So the task ends in exactly one of four
    /// ways: completed (written), cancelled (withdrawn, not sent), faulted with <see cref="InvalidOperationException"/>
    /// (not sent), or faulted with <see cref="MessagePossiblyLostException"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="policy">What to do while no connection is open; <see langword="null"/> for <see cref="ReconnectingConnectionOptions.QueuedMessagePolicy"/>.</param>
    /// <param name="cancellationToken">Withdraws the message while it waits.</param>
    /// <returns>A task that tells what became of the message.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not defined.</exception>
    public Task SendAsync(Message message, QueuedMessagePolicy? policy, CancellationToken cancellationToken)
    {
        var chosen = policy ?? _options.QueuedMessagePolicy;
        if (!Enum.IsDefined(chosen))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), chosen, $"{chosen} is not a QueuedMessagePolicy value.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var item = new PendingSend(this, message, chosen, new TaskCompletionSource(), cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            // Before the message is queued: a cancellation from now on either finds it queued and withdraws it, or is
            // seen by the check under the lock below.
            item.Registration = cancellationToken.Register(static state => ((PendingSend)state!).Session.Withdraw((PendingSend)state!), item);
        }

        Exception? refused;
        var queued = false;
        lock (_gate)
        {
            refused = Refusal(chosen, _sendQueue.Count);
            if (refused is null && !cancellationToken.IsCancellationRequested)
            {
                Enqueue(item);
                queued = true;
            }
        }

        if (!queued)
        {
            item.Registration.Dispose();
            return refused is not null ? Task.FromException(refused) : Task.FromCanceled(cancellationToken);
        }

        Pump();
        return item.Completion!.Task;
    }

    /// <summary>Under <see cref="_gate"/>: why a message offered now is refused at once, or null when it may be queued.</summary>
    private InvalidOperationException? Refusal(QueuedMessagePolicy policy, int occupied)
    {
        if (_stopRequested || _sinkEnd is not null)
        {
            return new InvalidOperationException("The session is closed; the message was not sent.");
        }

        if (_open is null && policy == QueuedMessagePolicy.FailWhileDisconnected)
        {
            return new InvalidOperationException("No connection is open (FailWhileDisconnected); the message was not sent.");
        }

        if (occupied >= _options.SendBufferCapacity)
        {
            return new InvalidOperationException($"The session's send queue is full ({_options.SendBufferCapacity} messages, SendBufferCapacity); the message was not sent.");
        }

        return null;
    }

    /// <summary>Under <see cref="_gate"/>.</summary>
    private void Enqueue(PendingSend item)
    {
        item.Queued = true;
        _sendQueue.Enqueue(item);
        Interlocked.Increment(ref _unsettled);
    }

    /// <summary>The caller's token was cancelled: a message still in the session's queue leaves it, not sent.</summary>
    private void Withdraw(PendingSend item)
    {
        lock (_gate)
        {
            if (!item.Queued)
            {
                // Already handed to a connection (which honours the same token while the message waits for room),
                // or not queued at all.
                return;
            }

            item.Queued = false;
            var kept = _sendQueue.Where(p => p != item).ToArray();
            _sendQueue.Clear();
            foreach (var p in kept)
            {
                _sendQueue.Enqueue(p);
            }
        }

        Settle(item, Outcome.Withdrawn, error: null);
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
                    break;
                }

                connection = _open;
                item = _sendQueue.Dequeue();
                item.Queued = false;
            }

            // Outside the lock: the connection may complete the send, or fail, inline. Its SendAsync keeps call order,
            // so there is no need to await one message before handing over the next.
            Task sent;
            try
            {
                sent = connection.SendAsync(item.Message, item.Token);
            }
            catch (Exception e)
            {
                sent = Task.FromException(e);
            }

            _ = sent.ContinueWith(
                static (t, state) =>
                {
                    var pending = (PendingSend)state!;
                    var session = pending.Session;
                    if (t.IsCompletedSuccessfully)
                    {
                        session.Settle(pending, Outcome.Sent, error: null);
                    }
                    else if (t.IsCanceled)
                    {
                        // The caller's token withdrew it while it waited for room in the connection's buffer.
                        session.Settle(pending, Outcome.Withdrawn, error: null);
                    }
                    else if (t.Exception?.InnerException is InvalidOperationException refused)
                    {
                        // The connection refuses with InvalidOperationException only a message it never wrote: it was
                        // already closing (the peer's close frame had arrived). Not sent, and known not to be.
                        session.Settle(pending, Outcome.NotSent, new InvalidOperationException("The connection was closing and did not take the message; the message was not sent.", refused));
                    }
                    else
                    {
                        // Handed over: whatever the connection says, it may have reached the wire. Never re-sent.
                        session.Settle(pending, Outcome.PossiblyLost, new MessagePossiblyLostException(pending.Message, t.Exception?.InnerException ?? new OperationCanceledException()));
                    }
                },
                item,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        // Everything queued is with the open connection: a close the sink asked for may go now (after the messages).
        StartSinkCloseIfFlushed();
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

            failed.ForEach(static p => p.Queued = false);
        }

        foreach (var p in failed)
        {
            Settle(p, Outcome.NotSent, new InvalidOperationException("The connection ended before the message was handed to it (FailWhileDisconnected); the message was not sent."));
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
            Array.ForEach(failed, static p => p.Queued = false);
        }

        foreach (var p in failed)
        {
            Settle(p, Outcome.NotSent, new InvalidOperationException("The session ended before a connection took the message; the message was not sent.", cause));
        }
    }

    /// <summary>
    /// Tells the one outcome of a message: its task for <see cref="SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/>,
    /// a count for the <see cref="Sink"/>. The first outcome wins.
    /// </summary>
    private void Settle(PendingSend item, Outcome outcome, Exception? error)
    {
        if (Interlocked.Exchange(ref item.Settled, 1) != 0)
        {
            return;
        }

        Interlocked.Decrement(ref _unsettled);
        item.Registration.Dispose();
        if (item.Completion is { } completion)
        {
            _ = outcome switch
            {
                Outcome.Sent => completion.TrySetResult(),
                Outcome.Withdrawn => completion.TrySetCanceled(item.Token),
                _ => completion.TrySetException(error!),
            };
        }
        else
        {
            CountSinkOutcome(outcome);
        }
    }

    private enum Outcome
    {
        Sent,
        Withdrawn,
        NotSent,
        PossiblyLost,
    }

    /// <summary>A message accepted by the session: from <see cref="SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/> (with its completion) or from the <see cref="Sink"/> (without).</summary>
    private sealed class PendingSend(ReconnectingConnection session, Message message, QueuedMessagePolicy policy, TaskCompletionSource? completion, CancellationToken token)
    {
        public ReconnectingConnection Session { get; } = session;

        public Message Message { get; } = message;

        public QueuedMessagePolicy Policy { get; } = policy;

        public TaskCompletionSource? Completion { get; } = completion;

        public CancellationToken Token { get; } = token;

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>In the session's queue now; guarded by the session's gate.</summary>
        public bool Queued { get; set; }

        /// <summary>1 once its outcome was told.</summary>
        public int Settled;
    }
}
