using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    private static readonly WebSocketCloseInfo NoCodeClose = new();

    // How long we wait, after a failure of ours put its close frame on the wire, for the peer's close or the end of
    // the TCP stream before aborting (docs/behaviour.md, "Failing a connection"): long enough for the peer to read
    // our close frame before a reset could destroy it, short enough that a failure looks like one.
    private static readonly TimeSpan FailureLinger = TimeSpan.FromSeconds(1);

    // The close timeout (or, after a failure, the linger); swapped for Disposable.Empty at the end.
    private IDisposable? _closeTimer;

    // The subscribers to tell when the end is published, taken when the end was decided.
    private IObserver<Message>[] _endObservers = [];

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
    /// Starts the close handshake; the first call wins (<see cref="ConnectionLifecycle.RequestClose"/>). Before open,
    /// an explicit close (Close, Dispose, the last unsubscription) aborts the opening handshake, as the browser's
    /// close() does, while a close that comes through the sink (<paramref name="deferUntilOpen"/>) waits for open so
    /// that what was queued before it is still sent (docs/behaviour.md, "Sending").
    /// </summary>
    private void StartClose(WebSocketCloseInfo closeInfo, WebSocketConnectionException? failure, bool deferUntilOpen = false, bool failConnection = false)
    {
        var step = _life.RequestClose(closeInfo, failure, deferUntilOpen, failConnection);
        switch (step.Action)
        {
            case ConnectionLifecycle.CloseAction.AbortHandshake:
                AbortHandshake(_life.HandshakeAbortReason ?? "The connection was closed before it opened.");
                return;
            case ConnectionLifecycle.CloseAction.SendCloseFrame:
                _telemetry.CloseStarted(CloseInitiator.Application, step.Frame!);
                StartCloseTimer();
                RefuseRoomWaiters();
                EnqueueClose(step.Frame!);

                // The peer's close frame has to be read even if nobody subscribed, or a pull consumer is not asking.
                StopReaderBackpressure();
                SignalDataWanted();
                return;
            default:
                return;
        }
    }

    private void OnCloseReceived(int? code, string? reason)
    {
        // An empty close body means "no status": 1005, which is reported but never sent back.
        var received = new WebSocketCloseInfo(code ?? CloseValidation.NoStatusReceived, reason);
        if (_life.CloseFrameReceived(received) is { } answer)
        {
            // Answer with the peer's code and reason, as the browser does, after what is already queued.
            _telemetry.CloseStarted(CloseInitiator.Peer, received);
            StartCloseTimer();
            StopReaderBackpressure();
            RefuseRoomWaiters();
            EnqueueClose(answer);
        }

        TryFinishAfterHandshake();
    }

    private void OnCloseSent()
    {
        if (_life.CloseFrameSent())
        {
            // We are failing the connection (RFC 6455 7.1.7) rather than closing it: our close frame is out, and we
            // linger only briefly for the peer's close or the end of the stream (so that a reset does not destroy
            // the frame we just sent) before aborting.
            StartFailureLinger();
        }

        TryFinishAfterHandshake();
    }

    private void TryFinishAfterHandshake()
    {
        if (_life.TryEndAfterHandshake())
        {
            OnEnded();
        }
    }

    private void OnTransportFailure(Exception e)
    {
        if (_life.Phase == ConnectionPhase.Closed)
        {
            return;
        }

        // While parked with unread data nothing of ours is pending on the socket: an abort then is the BCL's keep-alive.
        var keepAlive = e is not WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }
            && (IsKeepAliveTimeout(e) || (_dataWaitingForDemand && _socket?.State == WebSocketState.Aborted));
        var message = e switch
        {
            WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely } => "The connection was lost without a close handshake.",
            _ when keepAlive => KeepAliveTimeoutMessage(),
            _ => $"The connection failed: {e.Message}",
        };
        _telemetry.TransportFailed(e, keepAlive, message);
        Finish(_life.FailureOr(message, e));
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

    private string KeepAliveTimeoutMessage()
    {
        var timeout = _keepAliveTimeoutInEffect is { } value ? $"within {value} " : "within the socket's keep-alive timeout ";
        return _dataWaitingForDemand
            ? $"No pong was seen {timeout}(KeepAliveTimeout) because a message from the peer was waiting for a subscriber or ReadAllAsync consumer to ask for it, and pongs arrive behind it; the connection was aborted. Read faster than KeepAliveTimeout, or turn the timeout off (docs/behaviour.md, \"Liveness\")."
            : $"The peer did not answer a ping {timeout}(KeepAliveTimeout); the connection was aborted as dead.";
    }

    private void FailWithMessageTooBig(int maxSize)
    {
        _telemetry.ProtocolViolation($"a message over the {maxSize}-byte limit (MaxMessageSize)", (int)WebSocketCloseStatus.MessageTooBig);
        StartClose(
            WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.MessageTooBig, "message too big"),
            WebSocketConnectionException.Report($"The peer sent a message over the {maxSize}-byte limit (MaxMessageSize); the connection closes with 1009 (message too big).", (int)WebSocketCloseStatus.MessageTooBig, "message too big"));
    }

    // RFC 6455 8.1 and 7.1.7: bad UTF-8 in a text message fails the connection: 1007, then the TCP connection is
    // closed without waiting for the peer's answer. Reported as the unclean close the BCL reports when it spots
    // the fault itself (1006), so the two look the same to users.
    private void FailWithInvalidText()
    {
        _telemetry.ProtocolViolation("a text message that is not valid UTF-8 (RFC 6455 section 8.1)", (int)WebSocketCloseStatus.InvalidPayloadData);
        StartClose(
            WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InvalidPayloadData),
            WebSocketConnectionException.Report("The peer sent a text message that is not valid UTF-8; the connection was failed with 1007 (invalid payload data).", CloseValidation.AbnormalClosure),
            failConnection: true);
    }

    private void FailWithSubscriberError(Exception e) => StartClose(
        WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InternalServerError),
        WebSocketConnectionException.Report($"A subscriber threw {e.GetType().Name} (\"{e.Message}\"); the connection closes with 1011 (internal error) unless it was already closing.", (int)WebSocketCloseStatus.InternalServerError, innerException: e));

    /// <summary>
    /// Starts the close timeout once, outside any lock: the scheduler is the user's, and a scheduler that runs work
    /// synchronously must not run it under our lock.
    /// </summary>
    private void StartCloseTimer() => SetCloseTimer(_options.CloseTimeout, static self => self.Finish(self._life.FailureOr(
        $"The close handshake did not finish within {self._options.CloseTimeout} (CloseTimeout); the connection was aborted.", innerException: null)));

    /// <summary>After failing the connection: the close timer is cut down to a short linger, then the socket is aborted.</summary>
    private void StartFailureLinger()
    {
        var linger = _options.CloseTimeout < FailureLinger ? _options.CloseTimeout : FailureLinger;
        Interlocked.Exchange(ref _closeTimer, null)?.Dispose();
        SetCloseTimer(linger, static self => self.Finish(self._life.LocalFailure!));
    }

    private void SetCloseTimer(TimeSpan dueTime, Action<WebSocketConnection> onDue)
    {
        var timer = _options.Scheduler.Schedule((Self: this, OnDue: onDue), dueTime, static (_, state) =>
        {
            state.OnDue(state.Self);
            return Disposable.Empty;
        });

        // The end swaps in Disposable.Empty (and the linger takes the slot back to null): a timer that finds the
        // slot taken, or the connection over, is not needed.
        if (Interlocked.CompareExchange(ref _closeTimer, timer, null) is not null || _life.Phase == ConnectionPhase.Closed)
        {
            timer.Dispose();
        }
    }

    private void FinishBeforeOpen(Exception openedError, Exception closedError)
    {
        _opened.TrySetException(openedError);
        Finish(closedError);
    }

    /// <summary>Ends the connection with an error (the first end wins).</summary>
    private void Finish(Exception error)
    {
        if (_life.TryEnd(error))
        {
            OnEnded();
        }
    }

    /// <summary>
    /// The connection has just ended (<see cref="ConnectionLifecycle.End"/> is decided): stops the timers, fails what
    /// is still queued, lets go of the socket, and tells everyone once the unsent count is final (at once, unless the
    /// send loop is still settling a message: aborting the socket ends its write promptly).
    /// </summary>
    private void OnEnded()
    {
        var end = _life.End!;
        _endObservers = TakeObservers();

        Interlocked.Exchange(ref _closeTimer, Disposable.Empty)?.Dispose();
        StopIdleTimer();

        DrainUnsent();
        RefuseRoomWaiters();

        if (_socket is { } socket)
        {
            // An error ends the connection at once, unless the close handshake did finish (a failure of ours that
            // the peer acknowledged): then the socket is already closed and there is nothing to abort.
            if (end.Error is not null && socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }

            socket.Dispose();
        }

        // A receive loop parked until someone asks for data has nothing left to wait for.
        SignalDataWanted();

        if (_life.MarkEndDecided())
        {
            PublishEnd();
        }
    }

    /// <summary>Tells everyone how the connection ended, with the final unsent count. Runs once.</summary>
    private void PublishEnd()
    {
        var end = _life.End!;
        var unsent = Volatile.Read(ref _unsentSinkMessages);
        if (end.Error is WebSocketConnectionException connectionError)
        {
            connectionError.UnsentMessageCount = unsent;
        }

        _telemetry.Ended(end, _life.Initiator, unsent);
        _opened.TrySetException(end.Error ?? new WebSocketConnectionException("The connection closed before it opened."));

        // The subscribers' terminal call waits for a delivery in progress on another thread, if any, and Closed
        // completes after it, so that whoever awaits Closed finds the subscribers told.
        var observers = _endObservers;
        _calls.End(() =>
        {
            foreach (var observer in observers)
            {
                try
                {
                    if (end.Error is null)
                    {
                        observer.OnCompleted();
                    }
                    else
                    {
                        observer.OnError(end.Error);
                    }
                }
                catch (Exception)
                {
                    // An observer that throws from its terminal call has nowhere left to report to: the
                    // connection is already over, and one observer must not stop the others hearing of it.
                }
            }

            if (end.Error is null)
            {
                _closed.TrySetResult(end.Clean! with { UnsentMessageCount = unsent });
            }
            else
            {
                _closed.TrySetException(end.Error);
            }
        });
    }

    /// <summary>Fails every queued send: faulted SendAsync tasks, counted sink messages.</summary>
    private void DrainUnsent()
    {
        while (TryDequeueOutgoing(out var item))
        {
            if (item.Close is null)
            {
                Interlocked.Decrement(ref _queuedMessages);
                _telemetry.SendQueueChanged(-1);
                FailUnsent(item);
            }
        }
    }
}
