using System.Net.WebSockets;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A <see cref="WebSocket"/> whose other end is a scripted <see cref="VirtualPeer"/> running in virtual time. It follows
/// the contract of the BCL's managed WebSocket (states, close handshake, exceptions, cancellation aborting the socket) so
/// code written against <see cref="WebSocket"/> can be tested deterministically, with no sockets and no sleeps.
/// </summary>
/// <remarks>
/// <para>
/// Operations that can finish at once (a receive with a frame already queued, a send while the peer reads) complete
/// synchronously. The others complete when the peer's script acts, inside a scheduler action, with
/// <see cref="TaskCompletionSource"/>s that run continuations inline: awaits resume in virtual time, in order, on the
/// thread that advances the scheduler. The socket is not thread-safe: drive it from that thread.
/// </para>
/// <para>
/// As in .NET 10's managed WebSocket, a second concurrent <c>ReceiveAsync</c> (or <c>SendAsync</c>) waits behind the
/// first instead of throwing.
/// </para>
/// </remarks>
public sealed partial class VirtualWebSocket : WebSocket
{
    private readonly VirtualPeer _peer;

    /// <summary>The protocol state; transitions as in the BCL (Open, CloseSent/CloseReceived, Closed, or Aborted).</summary>
    private WebSocketState _state = WebSocketState.Open;

    /// <summary>The transport is torn down: by Dispose/Abort, or after the close handshake (the BCL disposes its stream then).</summary>
    private bool _disposed;

    /// <summary>Our code called Dispose or Abort: the peer's recording is complete.</summary>
    private bool _released;

    private bool _abortRecorded;

    private bool _sentClose;
    private bool _receivedClose;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeStatusDescription;

    internal VirtualWebSocket(VirtualPeer peer)
    {
        _peer = peer;
        _peerAnswersPings = peer.Options.AnswersPings;
    }

    /// <inheritdoc />
    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    /// <inheritdoc />
    public override string? CloseStatusDescription => _closeStatusDescription;

    /// <inheritdoc />
    public override WebSocketState State => _state;

    /// <summary>Gets the sub-protocol the peer selected (<see cref="VirtualPeerOptions.SubProtocol"/>).</summary>
    public override string? SubProtocol => _peer.Options.SubProtocol;

    /// <summary>
    /// Aborts the connection: the state becomes <see cref="WebSocketState.Aborted"/> (unless already closed) and pending
    /// operations fail with <see cref="OperationCanceledException"/>. The peer records <see cref="SocketAction.Abort"/>.
    /// </summary>
    public override void Abort()
    {
        OnAborted();

        // Once: an abort that fails a pending operation may lead its awaiter to abort again, re-entrantly.
        if (!_released && !_abortRecorded)
        {
            _abortRecorded = true;
            _peer.Record(SocketAction.Abort);
        }

        Dispose();
    }

    /// <summary>
    /// Tears down the transport without a close handshake: an open socket becomes <see cref="WebSocketState.Closed"/>
    /// and pending operations fail with <see cref="WebSocketException"/> (<see cref="WebSocketError.ConnectionClosedPrematurely"/>).
    /// The peer's recording (<see cref="VirtualPeer.Received"/>) completes.
    /// </summary>
    public override void Dispose()
    {
        StopKeepAlive();
        if (!_disposed)
        {
            _disposed = true;
            if (_state < WebSocketState.Aborted)
            {
                _state = WebSocketState.Closed;
            }

            FailPendingOperations();
        }

        if (!_released)
        {
            _released = true;
            _peer.Complete();
        }
    }

    /// <summary>The BCL's OnAborted: any state but Closed and Aborted becomes Aborted.</summary>
    private void OnAborted()
    {
        if (_state is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _state = WebSocketState.Aborted;
        }
    }

    /// <summary>The BCL's DisposeCore after a completed close handshake: the stream is gone, the state Closed.</summary>
    private void EndTransport()
    {
        _disposed = true;
        if (_state < WebSocketState.Aborted)
        {
            _state = WebSocketState.Closed;
        }
    }

    private void FailPendingOperations()
    {
        var receivers = _receivers.ToArray();
        var outgoing = _outgoing.ToArray();
        _receivers.Clear();
        _outgoing.Clear();
        foreach (var receiver in receivers)
        {
            receiver.Fail(Lost());
        }

        foreach (var frame in outgoing)
        {
            frame.Done.TrySetException(Lost());
        }

        // After a keep-alive timeout, .NET 10's aborted operations carry the fault inside an AggregateException.
        Exception Lost() => _keepAliveFault is { } fault && _state == WebSocketState.Aborted
            ? new OperationCanceledException(nameof(WebSocketState.Aborted), new AggregateException(fault))
            : BclRules.TransportLost(_state);
    }
}
