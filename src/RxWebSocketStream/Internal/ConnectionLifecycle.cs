using System.Diagnostics;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The life of one connection, in one place: every state it can be in, every move between them, and what is still
/// owed before its end can be told. The I/O loops (handshake, receive, send, close timer) report events here and do
/// what the answer says; none of them keeps lifecycle state of its own.
/// </summary>
/// <remarks>
/// <para>
/// The phases and the only moves allowed between them (<see cref="Move"/> rejects every other):
/// </para>
/// <code>
///   Connecting --Opened--------------------------------------------&gt; Open
///   Connecting --handshake failed, or aborted (Close, timeout, token)-&gt; Closed (failed)
///   Open       --RequestClose (us) / CloseFrameReceived (peer)------&gt; Closing
///   Open       --transport failure------------------------------------&gt; Closed (failed)
///   Closing    --our close frame sent AND theirs received-------------&gt; Closed (clean, or our recorded failure)
///   Closing    --transport failure, close timeout, failure linger over-&gt; Closed (failed)
/// </code>
/// <para>
/// What Connecting may owe: an abort of the handshake (<see cref="RequestClose"/> before open), or a close to send
/// once open (a close through the sink, which must not lose the messages queued before it). What Closing owes: our
/// close frame (<see cref="CloseSent"/>) and theirs (<see cref="CloseReceived"/>). What Closed owes: telling
/// everyone, once, after the unsent count is final (<see cref="HoldUnsentCount"/>).
/// </para>
/// <para>
/// Discipline: every field is written under <c>_gate</c> (or with <see cref="Interlocked"/> for the unsent-count
/// holders, which the send path touches per message). The fields marked <c>volatile</c> are read without the lock
/// on hot paths, where a stale value is harmless or re-checked under the lock. No user code ever runs under the lock.
/// </para>
/// </remarks>
internal sealed class ConnectionLifecycle
{
    // The unsent count is final only when no one holds a sink message outside the queue (see HoldUnsentCount).
    // Adding EndPending marks the end as decided; whoever brings the holders down to exactly EndPending publishes.
    private const int EndPending = 1 << 30;

    private readonly object _gate = new();

    private volatile ConnectionPhase _phase;

    // Connecting: why the handshake is being aborted (first reason wins), and a close owed once open.
    private string? _handshakeAbortReason;
    private volatile WebSocketCloseInfo? _closeWhenOpen;

    // Closing: who started it, whether we are failing the connection (a protocol fault: no waiting for the peer's
    // answer beyond a short linger), and the two halves of the close handshake.
    private bool _closeStartedByPeer;
    private bool _closeStartedByUs;
    private bool _failing;
    private volatile bool _closeSent;
    private volatile WebSocketCloseInfo? _closeReceived;

    // A failure of ours (throwing subscriber, oversized message, bad UTF-8, sink error, full buffer) that the end
    // must report whatever the peer answers. Recorded even while already closing.
    private volatile WebSocketConnectionException? _localFailure;

    // Closed: how it ended. Error is null for a clean end, and then Clean holds the first close frame received.
    private volatile Ending? _ending;

    private int _unsentCountHolders;
    private int _endPublished;

    /// <summary>What <see cref="RequestClose"/> asks the caller to do.</summary>
    public enum CloseAction
    {
        /// <summary>Already closing or closed, or an abort is already under way: the first close wins.</summary>
        Ignored,

        /// <summary>Connecting, and the close came through the sink: it is sent once open.</summary>
        Deferred,

        /// <summary>Connecting: abort the handshake (the code is not sent).</summary>
        AbortHandshake,

        /// <summary>Open: now closing; send <see cref="CloseStep.Frame"/> after what is queued, and start the close timer.</summary>
        SendCloseFrame,
    }

    /// <summary>Gets the phase; read without the lock, so it may be a moment stale.</summary>
    public ConnectionPhase Phase => _phase;

    /// <summary>Gets whether sends are accepted: not closing, and no close through the sink waiting for open.</summary>
    public bool IsAccepting => _phase < ConnectionPhase.Closing && _closeWhenOpen is null;

    /// <summary>Gets whether our close frame is on the wire.</summary>
    public bool CloseSent => _closeSent;

    /// <summary>Gets the first close frame the peer sent, or <see langword="null"/>.</summary>
    public WebSocketCloseInfo? CloseReceived => _closeReceived;

    /// <summary>Gets whether the close handshake was started by the peer's close frame.</summary>
    public bool CloseStartedByPeer
    {
        get
        {
            lock (_gate)
            {
                return _closeStartedByPeer;
            }
        }
    }

    /// <summary>
    /// Gets who started the close handshake, for telemetry: the peer, us (<see cref="CloseInitiator.Application"/>:
    /// Close, the sink, a failure of ours), or nobody (<see cref="CloseInitiator.Unknown"/>: the transport failed, or
    /// the connection never opened).
    /// </summary>
    public CloseInitiator Initiator
    {
        get
        {
            lock (_gate)
            {
                return _closeStartedByPeer ? CloseInitiator.Peer : _closeStartedByUs ? CloseInitiator.Application : CloseInitiator.Unknown;
            }
        }
    }

    /// <summary>Gets our recorded failure, if any: once set, no further message is delivered.</summary>
    public WebSocketConnectionException? LocalFailure => _localFailure;

    /// <summary>Gets how the connection ended, once it has (<see cref="ConnectionPhase.Closed"/>).</summary>
    public Ending? End => _ending;

    /// <summary>Gets the handshake's abort reason, once one was asked for.</summary>
    public string? HandshakeAbortReason
    {
        get
        {
            lock (_gate)
            {
                return _handshakeAbortReason;
            }
        }
    }

    /// <summary>Describes the phase for error messages ("the connection is closing").</summary>
    public string Describe() => _phase switch
    {
        ConnectionPhase.Connecting => "connecting",
        ConnectionPhase.Open => "open",
        ConnectionPhase.Closing => "closing",
        _ => "closed",
    };

    /// <summary>
    /// The opening handshake finished. Connecting becomes Open, unless an abort was asked for meanwhile (then the
    /// caller fails the handshake with <paramref name="abortReason"/>). <paramref name="closeNow"/> is a close
    /// through the sink that waited for open.
    /// </summary>
    public bool TryOpen(out string? abortReason, out WebSocketCloseInfo? closeNow)
    {
        lock (_gate)
        {
            abortReason = _handshakeAbortReason;
            closeNow = _closeWhenOpen;
            if (abortReason is not null || _phase != ConnectionPhase.Connecting)
            {
                return false;
            }

            // A deferred close stays recorded, so sends stay refused until it has started (the caller starts it next).
            Move(ConnectionPhase.Open);
            return true;
        }
    }

    /// <summary>
    /// Asks for an abort of the opening handshake (connect timeout, cancellation); the first reason wins. True
    /// while still connecting: the caller then cancels the handshake.
    /// </summary>
    public bool TryAbortHandshake(string reason)
    {
        lock (_gate)
        {
            if (_phase != ConnectionPhase.Connecting)
            {
                return false;
            }

            _handshakeAbortReason ??= reason;
            return true;
        }
    }

    /// <summary>
    /// Someone asked to close (Close, Dispose, the last unsubscription, the sink, a failure of ours). A failure is
    /// recorded even when the close itself is ignored, so that the end reports it.
    /// </summary>
    public CloseStep RequestClose(WebSocketCloseInfo closeInfo, WebSocketConnectionException? failure, bool deferUntilOpen, bool failConnection)
    {
        lock (_gate)
        {
            if (failure is not null && _phase != ConnectionPhase.Closed)
            {
                _localFailure ??= failure;
            }

            if (_phase >= ConnectionPhase.Closing || (_phase == ConnectionPhase.Connecting && _handshakeAbortReason is not null))
            {
                return default;
            }

            if (_phase == ConnectionPhase.Connecting)
            {
                if (deferUntilOpen)
                {
                    _closeWhenOpen ??= closeInfo;
                    return new CloseStep(CloseAction.Deferred, null);
                }

                _handshakeAbortReason = _localFailure?.Message ?? "The connection was closed before it opened.";
                return new CloseStep(CloseAction.AbortHandshake, null);
            }

            Move(ConnectionPhase.Closing);
            _closeStartedByUs = true;
            _failing = failConnection;

            // A reason without a code is sent with 1000, as the browser does.
            var frame = closeInfo.Code is null && closeInfo.Reason.Length > 0
                ? new WebSocketCloseInfo(CloseValidation.NormalClosure, closeInfo.Reason)
                : closeInfo;
            return new CloseStep(CloseAction.SendCloseFrame, frame);
        }
    }

    /// <summary>
    /// The peer's close frame arrived. The first one is what a clean end reports. While open, we now owe the
    /// answer: the returned frame (its code and reason, or no code for an empty body), sent after what is queued.
    /// </summary>
    public WebSocketCloseInfo? CloseFrameReceived(WebSocketCloseInfo received)
    {
        lock (_gate)
        {
            _closeReceived ??= received;
            if (_phase != ConnectionPhase.Open)
            {
                return null;
            }

            _closeStartedByPeer = true;
            Move(ConnectionPhase.Closing);
            return received.Code == CloseValidation.NoStatusReceived ? new WebSocketCloseInfo() : received;
        }
    }

    /// <summary>
    /// Our close frame is on the wire. True when we are failing the connection and the peer has not closed yet:
    /// the caller then waits only a short linger for it before aborting.
    /// </summary>
    public bool CloseFrameSent()
    {
        lock (_gate)
        {
            Debug.Assert(_phase >= ConnectionPhase.Closing, "A close frame is only ever sent while closing.");
            _closeSent = true;
            return _failing && _closeReceived is null && _phase != ConnectionPhase.Closed;
        }
    }

    /// <summary>
    /// Ends the connection when both close frames have crossed: cleanly with the first frame received, unless a
    /// failure of ours was recorded, which the end then reports. True when this call ended it.
    /// </summary>
    public bool TryEndAfterHandshake()
    {
        lock (_gate)
        {
            return _closeSent && _closeReceived is { } received && TryEndLocked(received, _localFailure);
        }
    }

    /// <summary>Ends the connection with <paramref name="error"/>; true when this call ended it.</summary>
    public bool TryEnd(Exception error)
    {
        lock (_gate)
        {
            return TryEndLocked(null, error);
        }
    }

    /// <summary>
    /// The error for an unclean end: our recorded failure if there is one, otherwise <paramref name="message"/> with
    /// 1006, or with the peer's code when its close frame did arrive.
    /// </summary>
    public WebSocketConnectionException FailureOr(string message, Exception? innerException)
    {
        if (_localFailure is { } failure)
        {
            return failure;
        }

        var received = _closeReceived;
        return WebSocketConnectionException.Report(message, received?.Code ?? CloseValidation.AbnormalClosure, received?.Reason, innerException);
    }

    /// <summary>
    /// Someone holds a sink message outside the queue (the send loop from dequeue until written or counted, an
    /// enqueue from its state check to its enqueue): the end waits for the count to be final.
    /// </summary>
    public void HoldUnsentCount() => Interlocked.Increment(ref _unsentCountHolders);

    /// <summary>Lets go of the count; true when the end is decided, nobody else holds it, and it is this caller's to publish.</summary>
    public bool ReleaseUnsentCount() => Interlocked.Decrement(ref _unsentCountHolders) == EndPending && TryTakePublication();

    /// <summary>After the end was decided: true when nobody holds the count and it is this caller's to publish.</summary>
    public bool MarkEndDecided() => Interlocked.Add(ref _unsentCountHolders, EndPending) == EndPending && TryTakePublication();

    private bool TryTakePublication() => Interlocked.Exchange(ref _endPublished, 1) == 0;

    private bool TryEndLocked(WebSocketCloseInfo? clean, Exception? error)
    {
        Debug.Assert(Monitor.IsEntered(_gate), "Only under the lock.");
        if (_phase == ConnectionPhase.Closed)
        {
            return false;
        }

        _ending = new Ending(clean, error);
        Move(ConnectionPhase.Closed);
        return true;
    }

    /// <summary>The only way the phase changes; throws on a move the table in the remarks does not list.</summary>
    private void Move(ConnectionPhase to)
    {
        Debug.Assert(Monitor.IsEntered(_gate), "Only under the lock.");
        var allowed = (_phase, to) switch
        {
            (ConnectionPhase.Connecting, ConnectionPhase.Open) => true,
            (ConnectionPhase.Connecting, ConnectionPhase.Closed) => true,
            (ConnectionPhase.Open, ConnectionPhase.Closing) => true,
            (ConnectionPhase.Open, ConnectionPhase.Closed) => true,
            (ConnectionPhase.Closing, ConnectionPhase.Closed) => true,
            _ => false,
        };

        if (!allowed)
        {
            throw new InvalidOperationException($"Internal error: a connection cannot move from {_phase} to {to}.");
        }

        _phase = to;
    }

    /// <summary>What <see cref="RequestClose"/> decided; <see cref="Frame"/> is set for <see cref="CloseAction.SendCloseFrame"/>.</summary>
    public readonly record struct CloseStep(CloseAction Action, WebSocketCloseInfo? Frame);

    /// <summary>How a connection ended: <see cref="Error"/> is null for a clean end, and then <see cref="Clean"/> is set.</summary>
    public sealed record Ending(WebSocketCloseInfo? Clean, Exception? Error);
}

/// <summary>The phases of a connection, in order: a connection only ever moves forward.</summary>
internal enum ConnectionPhase
{
    Connecting,
    Open,
    Closing,
    Closed,
}
