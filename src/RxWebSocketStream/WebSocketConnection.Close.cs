using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    private static readonly WebSocketCloseInfo NoCodeClose = new();

    // The first close frame the peer sent; non-null once one arrived.
    private WebSocketCloseInfo? _closeReceived;

    // A failure of ours (throwing subscriber, oversized message, sink error, full buffer) that the close
    // in progress must report, whatever the peer answers.
    private WebSocketConnectionException? _localFailure;

    // What ended the connection, for sends that lose the race with the end.
    private Exception? _terminalError;
    private int _unsentSinkMessages;
    private IDisposable? _closeTimer;

    // A close that came through the sink while connecting: sent once open, after the queued messages.
    private volatile WebSocketCloseInfo? _closeWhenOpen;
    private int _finished;

    // The unsent count is final only when no one holds a sink message outside the queue: the send loop from
    // dequeue until the message is written or counted, TryEnqueue from its state check to its enqueue. Finish
    // adds EndPending; whoever brings the holders down to exactly EndPending publishes the end, so the count
    // in the error or close info is complete (no message counted after it was handed out) and exact (a
    // message the socket took while the connection ended under it is not counted).
    private const int EndPending = 1 << 30;
    private int _unsentCountHolders;
    private int _endPublished;
    private (WebSocketCloseInfo? Clean, Exception? Error, IObserver<Message>[] Observers) _end;

    /// <summary>
    /// Closes the connection, validated exactly as the browser's <c>WebSocketStream.close()</c>: the code
    /// must be 1000 or 3000-4999 and the reason at most 123 UTF-8 bytes (checked first, even when already
    /// closing; an invalid call changes nothing). Then: while closing or closed, nothing happens (the first
    /// close wins); before open, the handshake is aborted; otherwise every message queued before this call
    /// is sent, then the close frame. <see cref="Closed"/> completes when the peer answers, or faults with
    /// 1006 after <see cref="WebSocketConnectionOptions.CloseTimeout"/>.
    /// </summary>
    /// <param name="closeInfo">
    /// The code and reason; <see langword="null"/> or no code and no reason closes without a code (an empty close
    /// frame; 1000 with an empty reason on a socket the library did not make), a reason without a code closes with
    /// 1000. Use <see cref="WebSocketCloseInfo.ForProtocol"/> for the codes RFC 6455 reserves for protocol use.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The code is not 1000 and not 3000-4999 (the browser's InvalidAccessError).</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes (the browser's SyntaxError).</exception>
    public void Close(WebSocketCloseInfo? closeInfo = null)
    {
        closeInfo?.Validate(nameof(closeInfo));
        StartClose(closeInfo ?? NoCodeClose, failure: null);
    }

    /// <summary>
    /// Starts the close handshake; the first call wins. Before open, an explicit close (Close, Dispose,
    /// the last unsubscription) aborts the opening handshake, as the browser's close() does, while a close
    /// that comes through the sink (<paramref name="deferUntilOpen"/>) waits for open so that what was queued
    /// before it is still sent (DESIGN.md 3.3).
    /// </summary>
    private void StartClose(WebSocketCloseInfo closeInfo, WebSocketConnectionException? failure, bool deferUntilOpen = false)
    {
        bool beforeOpen;
        lock (_gate)
        {
            // A failure is recorded even while already closing (a subscriber may throw on a message that
            // arrives then): the close frame already chosen goes out unchanged, but the end reports it.
            if (failure is not null && _state != ConnectionState.Closed)
            {
                _localFailure ??= failure;
            }

            if (_state >= ConnectionState.Closing || (_state == ConnectionState.Connecting && _handshakeAbortReason is not null))
            {
                return;
            }

            beforeOpen = _state == ConnectionState.Connecting;
            if (beforeOpen && deferUntilOpen)
            {
                _closeWhenOpen ??= closeInfo;
                return;
            }

            if (!beforeOpen)
            {
                _state = ConnectionState.Closing;
            }
        }

        if (beforeOpen)
        {
            AbortHandshake(_localFailure?.Message ?? "The connection was closed before it opened.");
            return;
        }

        StartCloseTimer();

        // A reason without a code is sent with 1000, as the browser does.
        var frame = closeInfo.Code is null && closeInfo.Reason.Length > 0 ? new WebSocketCloseInfo(CloseValidation.NormalClosure, closeInfo.Reason) : closeInfo;
        RefuseRoomWaiters();
        EnqueueClose(frame);

        // The peer's close frame has to be read even if nobody subscribed, or a pull consumer is not asking.
        StopReaderBackpressure();
        StartReceivingIfOpen();
    }

    private void OnCloseReceived(int? code, string? reason)
    {
        // An empty close body means "no status": 1005, which is reported but never sent back.
        var received = new WebSocketCloseInfo(code ?? CloseValidation.NoStatusReceived, reason);
        bool answer;
        lock (_gate)
        {
            _closeReceived ??= received;
            answer = _state == ConnectionState.Open;
            if (answer)
            {
                _state = ConnectionState.Closing;
            }
        }

        if (answer)
        {
            StartCloseTimer();
            StopReaderBackpressure();
            // Answer with the peer's code and reason, as the browser does, after what is already queued.
            RefuseRoomWaiters();
            EnqueueClose(received.Code == CloseValidation.NoStatusReceived ? NoCodeClose : received);
        }

        TryFinishClean();
    }

    private void OnCloseSent()
    {
        lock (_gate)
        {
            _closeSent = true;
        }

        TryFinishClean();
    }

    private void TryFinishClean()
    {
        WebSocketCloseInfo? received;
        lock (_gate)
        {
            received = _closeSent ? _closeReceived : null;
        }

        if (received is not null)
        {
            Finish(received, _localFailure);
        }
    }

    private void OnTransportFailure(Exception e)
    {
        if (Volatile.Read(ref _finished) != 0)
        {
            return;
        }

        var message = e switch
        {
            WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely } => "The connection was lost without a close handshake.",
            _ when IsKeepAliveTimeout(e) => KeepAliveTimeoutMessage(),
            _ => $"The connection failed: {e.Message}",
        };
        Finish(null, _localFailure ?? Unclean(message, e));
    }

    /// <summary>
    /// How the BCL reports a keep-alive PONG that did not come in time: it aborts the socket, and the pending
    /// receive throws <see cref="OperationCanceledException"/> ("Aborted"; a later call a
    /// <see cref="WebSocketException"/>) whose inner exception is the keep-alive fault, a
    /// <see cref="WebSocketException"/> with <see cref="WebSocketError.Faulted"/>: directly on .NET 9, inside an
    /// <see cref="AggregateException"/> (with the transport's cancelled read) on .NET 10. The virtual socket
    /// reports it the .NET 10 way.
    /// </summary>
    private static bool IsKeepAliveTimeout(Exception e) =>
        e is OperationCanceledException or WebSocketException
        && e.InnerException switch
        {
            WebSocketException inner => inner.WebSocketErrorCode == WebSocketError.Faulted,
            AggregateException inner => inner.InnerExceptions.Any(static x => x is WebSocketException { WebSocketErrorCode: WebSocketError.Faulted }),
            _ => false,
        };

    private string KeepAliveTimeoutMessage() => _keepAliveTimeoutInEffect is { } timeout
        ? $"The peer did not answer a ping within {timeout} (KeepAliveTimeout); the connection was aborted as dead."
        : "The peer did not answer a ping within the socket's keep-alive timeout (KeepAliveTimeout); the connection was aborted as dead.";

    private void FailWithMessageTooBig(int maxSize) => StartClose(
        WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.MessageTooBig, "message too big"),
        WebSocketConnectionException.Report($"The peer sent a message over the {maxSize}-byte limit (MaxMessageSize); the connection closes with 1009 (message too big).", (int)WebSocketCloseStatus.MessageTooBig, "message too big"));

    // RFC 6455 8.1 and DESIGN.md 3.2: bad UTF-8 in a text message is answered with 1007 and reported as the
    // unclean close the BCL reports when it spots the fault itself (1006), so the two look the same to users.
    private void FailWithInvalidText() => StartClose(
        WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InvalidPayloadData),
        WebSocketConnectionException.Report("The peer sent a text message that is not valid UTF-8; the connection closes with 1007 (invalid payload data).", CloseValidation.AbnormalClosure));

    private void FailWithSubscriberError(Exception e) => StartClose(
        WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InternalServerError),
        WebSocketConnectionException.Report($"A subscriber threw {e.GetType().Name} (\"{e.Message}\"); the connection closes with 1011 (internal error) unless it was already closing.", (int)WebSocketCloseStatus.InternalServerError, innerException: e));

    /// <summary>
    /// Starts the close timeout once, outside <see cref="_gate"/>: the scheduler is the user's, and a
    /// scheduler that runs work synchronously must not run it under our lock.
    /// </summary>
    private void StartCloseTimer()
    {
        var timer = _options.Scheduler.Schedule(this, _options.CloseTimeout, static (_, self) =>
        {
            self.Finish(null, self._localFailure ?? self.Unclean($"The close handshake did not finish within {self._options.CloseTimeout} (CloseTimeout); the connection was aborted.", innerException: null));
            return Disposable.Empty;
        });

        // Finish may have run meanwhile (it disposes whatever timer it finds); a late timer is harmless.
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null || Volatile.Read(ref _finished) != 0)
        {
            timer.Dispose();
        }
    }

    private WebSocketConnectionException Unclean(string message, Exception? innerException)
    {
        // 1006 unless the peer's close frame did arrive, in which case its code is what we know.
        var received = _closeReceived;
        return WebSocketConnectionException.Report(message, received?.Code ?? CloseValidation.AbnormalClosure, received?.Reason, innerException);
    }

    private void FinishBeforeOpen(Exception openedError, Exception closedError)
    {
        _opened.TrySetException(openedError);
        Finish(null, closedError);
    }

    /// <summary>
    /// The one way the connection ends: cleanly with the first close frame received, or with an error.
    /// Runs once; everything still pending is told, with the same error object everywhere, once the unsent
    /// count is final (at once, unless the send loop is still settling a message: aborting the socket ends
    /// its write promptly).
    /// </summary>
    private void Finish(WebSocketCloseInfo? clean, Exception? error)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        IObserver<Message>[] observers;
        WebSocket? socket;
        lock (_gate)
        {
            _state = ConnectionState.Closed;
            observers = _observers;
            _observers = [];
            _readers = [];
            socket = _socket;
        }

        Interlocked.Exchange(ref _closeTimer, Disposable.Empty)?.Dispose();
        StopIdleTimer();

        _terminalError = error;
        DrainUnsent();
        RefuseRoomWaiters();

        if (socket is not null)
        {
            // An error ends the connection at once, unless the close handshake did finish (a failure of
            // ours that the peer acknowledged): then the socket is already closed and there is nothing to abort.
            if (error is not null && socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }

            socket.Dispose();
        }

        _end = (clean, error, observers);
        if (Interlocked.Add(ref _unsentCountHolders, EndPending) == EndPending)
        {
            PublishEnd();
        }
    }

    private void HoldUnsentCount() => Interlocked.Increment(ref _unsentCountHolders);

    private void ReleaseUnsentCount()
    {
        if (Interlocked.Decrement(ref _unsentCountHolders) == EndPending)
        {
            PublishEnd();
        }
    }

    /// <summary>Tells everyone how the connection ended, with the final unsent count. Runs once.</summary>
    private void PublishEnd()
    {
        if (Interlocked.Exchange(ref _endPublished, 1) != 0)
        {
            return;
        }

        var (clean, error, observers) = _end;
        var unsent = Volatile.Read(ref _unsentSinkMessages);
        if (error is WebSocketConnectionException connectionError)
        {
            connectionError.UnsentMessageCount = unsent;
        }

        _opened.TrySetException(error ?? new WebSocketConnectionException("The connection closed before it opened."));

        foreach (var observer in observers)
        {
            try
            {
                if (error is null)
                {
                    observer.OnCompleted();
                }
                else
                {
                    observer.OnError(error);
                }
            }
            catch (Exception)
            {
                // An observer that throws from its terminal call has nowhere left to report to: the
                // connection is already over, and one observer must not stop the others hearing of it.
            }
        }

        if (error is null)
        {
            _closed.TrySetResult(clean! with { UnsentMessageCount = unsent });
        }
        else
        {
            _closed.TrySetException(error);
        }
    }

    /// <summary>Fails every queued send: faulted SendAsync tasks, counted sink messages.</summary>
    private void DrainUnsent()
    {
        while (TryDequeueOutgoing(out var item))
        {
            if (item.Close is null)
            {
                Interlocked.Decrement(ref _queuedMessages);
                FailUnsent(item);
            }
        }
    }

    private string DescribeState() => _state switch
    {
        ConnectionState.Connecting => "connecting",
        ConnectionState.Open => "open",
        ConnectionState.Closing => "closing",
        _ => "closed",
    };
}
