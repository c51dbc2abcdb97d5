using System.Net.WebSockets;

namespace RxWebSocketStream;

public sealed partial class ReconnectingConnection
{
    // Messages accepted and not yet settled: in the session's queue, or handed to a connection that has not yet
    // written them. The sink's bound: a session cannot hold more than SendBufferCapacity of them at once.
    private int _unsettled;

    // Guarded by _gate: set by Sink.OnCompleted/OnError (or an overflow under Fail); the close it asks for starts
    // once a connection has taken every queued message.
    private SinkEnd? _sinkEnd;
    private bool _sinkCloseStarted;

    // Set when the sink's error closed the connection: the messages end with that connection's error.
    private bool _endWithConnectionError;

    private long _droppedMessageCount;
    private long _unsentMessageCount;
    private long _possiblyLostMessageCount;

    /// <summary>
    /// Gets the observer that sends messages through the session: <c>OnNext</c> is a send in call order with
    /// <see cref="SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/>, under the session's
    /// <see cref="ReconnectingConnectionOptions.QueuedMessagePolicy"/> while no connection is open, bounded by
    /// <see cref="ReconnectingConnectionOptions.SendBufferCapacity"/> with
    /// <see cref="ReconnectingConnectionOptions.SendBufferOverflow"/> deciding what happens beyond it.
    /// <c>OnCompleted</c> waits until a connection has taken every queued message, then closes the session with 1000;
    /// <c>OnError</c> does the same, then closes with the error's code (1011 for an exception that is not a
    /// <see cref="WebSocketConnectionException"/>) and the messages end with that error. No reconnect follows either.
    /// </summary>
    /// <remarks>
    /// Nothing is lost silently: every message given to <c>OnNext</c> is sent, or counted in exactly one of
    /// <see cref="DroppedMessageCount"/>, <see cref="UnsentMessageCount"/> and <see cref="PossiblyLostMessageCount"/>.
    /// </remarks>
    public IObserver<Message> Sink { get; }

    /// <summary>
    /// Gets how many sink messages were refused when offered: the session's buffer was full under
    /// <see cref="SendBufferOverflow.DropNewest"/> (or, under <see cref="SendBufferOverflow.Fail"/>, the message that
    /// overflowed it), no connection was open under <see cref="QueuedMessagePolicy.FailWhileDisconnected"/>, or the
    /// session was closing or over (including after the sink's own <c>OnCompleted</c> or <c>OnError</c>).
    /// </summary>
    public long DroppedMessageCount => Interlocked.Read(ref _droppedMessageCount);

    /// <summary>
    /// Gets how many sink messages were accepted and are known never to have been written: still queued when the
    /// session ended (or, under <see cref="QueuedMessagePolicy.FailWhileDisconnected"/>, when their connection
    /// ended), or refused by a connection that was already closing.
    /// </summary>
    public long UnsentMessageCount => Interlocked.Read(ref _unsentMessageCount);

    /// <summary>
    /// Gets how many sink messages were handed to a connection that then failed before it had written them: they
    /// may or may not have reached the peer (what <see cref="MessagePossiblyLostException"/> tells a
    /// <see cref="SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/> caller). They are never re-sent.
    /// </summary>
    public long PossiblyLostMessageCount => Interlocked.Read(ref _possiblyLostMessageCount);

    private void SinkNext(Message message)
    {
        var policy = _options.QueuedMessagePolicy;
        var item = new PendingSend(this, message, policy, completion: null, CancellationToken.None);
        bool queued;
        bool overflowed = false;
        lock (_gate)
        {
            // Unsettled, not just queued: while a connection is open the queue empties at once into it, and the
            // sink, unlike an awaited SendAsync, has no other brake.
            var refused = Refusal(policy, occupied: 0);
            overflowed = refused is null && Volatile.Read(ref _unsettled) >= _options.SendBufferCapacity;
            queued = refused is null && !overflowed;
            if (queued)
            {
                Enqueue(item);
            }
        }

        if (queued)
        {
            Pump();
            return;
        }

        Interlocked.Increment(ref _droppedMessageCount);
        if (overflowed && _options.SendBufferOverflow == SendBufferOverflow.Fail)
        {
            var capacity = _options.SendBufferCapacity;
            EndSink(WebSocketConnectionException.Report(
                $"The session's sink outran its send buffer ({capacity} messages, SendBufferCapacity) under SendBufferOverflow.Fail; the queued messages were handed to the connection and it closed with 1011.",
                (int)WebSocketCloseStatus.InternalServerError,
                "send buffer full"));
        }
    }

    /// <summary>Sink.OnCompleted (error null) or Sink.OnError: the close follows once the queue is with a connection.</summary>
    private void EndSink(Exception? error)
    {
        lock (_gate)
        {
            if (_sinkEnd is not null || _stopRequested)
            {
                return;
            }

            _sinkEnd = new SinkEnd(error);
        }

        Pump();
    }

    /// <summary>Starts the close the sink asked for, once an open connection has taken every queued message.</summary>
    private void StartSinkCloseIfFlushed()
    {
        SinkEnd end;
        lock (_gate)
        {
            if (_sinkEnd is null || _sinkCloseStarted || _open is null || _sendQueue.Count > 0 || _pumping || _stopRequested)
            {
                return;
            }

            _sinkCloseStarted = true;
            end = _sinkEnd;
        }

        if (end.Error is { } error)
        {
            Volatile.Write(ref _endWithConnectionError, true);
            Stop(static (connection, e) => connection.Sink.OnError(e), error);
        }
        else
        {
            Stop<Exception?>(static (connection, _) => connection.Sink.OnCompleted(), null);
        }
    }

    private void CountSinkOutcome(Outcome outcome)
    {
        switch (outcome)
        {
            case Outcome.NotSent:
                Interlocked.Increment(ref _unsentMessageCount);
                break;
            case Outcome.PossiblyLost:
                Interlocked.Increment(ref _possiblyLostMessageCount);
                break;
        }
    }

    private sealed record SinkEnd(Exception? Error);

    /// <summary>The session's <see cref="Sink"/>.</summary>
    private sealed class SessionSink(ReconnectingConnection session) : IObserver<Message>
    {
        public void OnNext(Message value) => session.SinkNext(value);

        public void OnError(Exception error)
        {
            ArgumentNullException.ThrowIfNull(error);
            session.EndSink(error);
        }

        public void OnCompleted() => session.EndSink(error: null);
    }
}
