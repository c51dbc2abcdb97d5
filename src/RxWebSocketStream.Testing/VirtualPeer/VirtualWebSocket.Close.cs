using System.Net.WebSockets;

namespace RxWebSocketStream.Testing;

/// <summary>The close handshake from our side: CloseOutputAsync sends; CloseAsync sends, then waits for the peer's close.</summary>
public sealed partial class VirtualWebSocket
{
    /// <summary>
    /// Sends a close frame and completes when the peer took it, without waiting for the peer's close: the state becomes
    /// CloseSent, or Closed when the peer had closed first.
    /// </summary>
    /// <param name="closeStatus">The code (<see cref="WebSocketCloseStatus.Empty"/> puts 1005 on the wire, as the BCL does).</param>
    /// <param name="statusDescription">The reason, at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancelling a pending close aborts the socket.</param>
    /// <returns>A task that completes when the peer took the close frame.</returns>
    /// <exception cref="ArgumentException">
    /// The code is 0-999, 1006 or 1015; the reason is over 123 UTF-8 bytes; or a reason comes with <see cref="WebSocketCloseStatus.Empty"/>.
    /// </exception>
    /// <exception cref="WebSocketException">The state is not Open or CloseReceived (<see cref="WebSocketError.InvalidState"/>).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        BclRules.ValidateCloseStatus(closeStatus, statusDescription);
        if (BclRules.CheckState(_state, _disposed, BclRules.ValidCloseOutputStates) is { } invalid)
        {
            return Task.FromException(invalid);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var done = new TaskCompletionSource();
        return Enqueue(Outgoing.Close(closeStatus, statusDescription ?? string.Empty, SocketActionKind.CloseOutput, done, null), cancellationToken);
    }

    /// <summary>
    /// Sends a close frame (unless one was sent already), then receives until the peer's close frame arrives, discarding
    /// data messages as the BCL does; the state becomes Closed.
    /// </summary>
    /// <param name="closeStatus">The code (<see cref="WebSocketCloseStatus.Empty"/> puts 1005 on the wire, as the BCL does).</param>
    /// <param name="statusDescription">The reason, at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancelling it while pending aborts the socket.</param>
    /// <returns>A task that completes when the close handshake is done.</returns>
    /// <exception cref="ArgumentException">
    /// The code is 0-999, 1006 or 1015; the reason is over 123 UTF-8 bytes; or a reason comes with <see cref="WebSocketCloseStatus.Empty"/>.
    /// </exception>
    /// <exception cref="WebSocketException">
    /// The state is not Open, CloseSent or CloseReceived (<see cref="WebSocketError.InvalidState"/>); the peer dropped the
    /// connection (<see cref="WebSocketError.ConnectionClosedPrematurely"/>); or it broke the protocol (<see cref="WebSocketError.Faulted"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        BclRules.ValidateCloseStatus(closeStatus, statusDescription);
        if (BclRules.CheckState(_state, _disposed, BclRules.ValidCloseStates) is { } invalid)
        {
            return Task.FromException(invalid);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var done = new TaskCompletionSource();
        if (!_sentClose)
        {
            return Enqueue(Outgoing.Close(closeStatus, statusDescription ?? string.Empty, SocketActionKind.Close, done, () => WaitForPeerClose(done, cancellationToken)), cancellationToken);
        }

        WaitForPeerClose(done, cancellationToken);
        return done.Task;
    }

    private void WaitForPeerClose(TaskCompletionSource done, CancellationToken cancellationToken)
    {
        if (_state != WebSocketState.CloseSent)
        {
            // Closed already (the peer's close came first), or aborted: no wait, as in the BCL.
            EndTransport();
            done.TrySetResult();
            return;
        }

        var waiter = new Receiver(Memory<byte>.Empty, done);
        _receivers.AddLast(waiter);
        Pump();
        Watch(done.Task, cancellationToken, () => _receivers.Remove(waiter), e => done.TrySetException(e));
    }

    private void CompleteCloseWaiters()
    {
        foreach (var waiter in _receivers.Where(r => r.CloseWaiter is not null).ToArray())
        {
            _receivers.Remove(waiter);
            EndTransport();
            waiter.CloseWaiter!.TrySetResult();
        }
    }
}
