using System.Net.WebSockets;

namespace RxWebSocketStream.Testing;

/// <summary>The send side: frames to the peer, taken in order while the peer reads.</summary>
public sealed partial class VirtualWebSocket
{
    private readonly LinkedList<Outgoing> _outgoing = new();
    private readonly List<byte> _outgoingMessage = [];

    /// <summary>Whether the last send had endOfMessage false: the next one continues that message, whatever type it names.</summary>
    private bool _sendingFragmented;
    private WebSocketMessageType _sendingType;
    private bool _draining;

    /// <summary>
    /// Sends a frame. It completes when the peer has taken it: at once while the peer reads, later when it resumes.
    /// </summary>
    /// <param name="buffer">The payload (copied at the call).</param>
    /// <param name="messageType">Text or binary.</param>
    /// <param name="endOfMessage">Whether this frame ends the message.</param>
    /// <param name="cancellationToken">Cancelling a pending send aborts the socket, as in the BCL.</param>
    /// <returns>A task that completes when the peer took the frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageType"/> is <see cref="WebSocketMessageType.Close"/>.</exception>
    /// <exception cref="ArgumentNullException">The segment's array is <see langword="null"/>.</exception>
    /// <exception cref="WebSocketException">
    /// The state is not Open or CloseReceived (<see cref="WebSocketError.InvalidState"/>), or the peer dropped the
    /// connection (<see cref="WebSocketError.ConnectionClosedPrematurely"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        BclRules.ValidateMessageType(messageType);
        BclRules.ValidateArraySegment(buffer, nameof(buffer));
        return SendCore(buffer, messageType, endOfMessage, cancellationToken);
    }

    /// <summary>As <see cref="SendAsync(ArraySegment{byte}, WebSocketMessageType, bool, CancellationToken)"/>.</summary>
    /// <param name="buffer">The payload (copied at the call).</param>
    /// <param name="messageType">Text or binary.</param>
    /// <param name="endOfMessage">Whether this frame ends the message.</param>
    /// <param name="cancellationToken">Cancelling a pending send aborts the socket.</param>
    /// <returns>A task that completes when the peer took the frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageType"/> is <see cref="WebSocketMessageType.Close"/>.</exception>
    /// <exception cref="WebSocketException">As for the array overload.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        BclRules.ValidateMessageType(messageType);
        return new(SendCore(buffer, messageType, endOfMessage, cancellationToken));
    }

    /// <summary>As <see cref="SendAsync(ArraySegment{byte}, WebSocketMessageType, bool, CancellationToken)"/>, with flags.</summary>
    /// <param name="buffer">The payload (copied at the call).</param>
    /// <param name="messageType">Text or binary.</param>
    /// <param name="messageFlags">End of message; compression flags are accepted and ignored (no compression).</param>
    /// <param name="cancellationToken">Cancelling a pending send aborts the socket.</param>
    /// <returns>A task that completes when the peer took the frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="messageType"/> is <see cref="WebSocketMessageType.Close"/>.</exception>
    /// <exception cref="WebSocketException">As for the array overload.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        BclRules.ValidateMessageType(messageType);
        return new(SendCore(buffer, messageType, messageFlags.HasFlag(WebSocketMessageFlags.EndOfMessage), cancellationToken));
    }

    private Task SendCore(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (BclRules.CheckState(_state, _disposed, BclRules.ValidSendStates) is { } invalid)
        {
            return Task.FromException(invalid);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        // As the BCL, the opcode is decided at the call: after a non-final frame comes a continuation.
        var type = _sendingFragmented ? _sendingType : messageType;
        _sendingType = type;
        _sendingFragmented = !endOfMessage;
        return Enqueue(Outgoing.Data(type, buffer.ToArray(), endOfMessage), cancellationToken);
    }

    private Task Enqueue(Outgoing frame, CancellationToken cancellationToken)
    {
        if (_peerDropped)
        {
            frame.Done.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely));
            return frame.Done.Task;
        }

        _outgoing.AddLast(frame);
        Drain();
        Watch(frame.Done.Task, cancellationToken, () => _outgoing.Remove(frame), e => frame.Done.TrySetException(e));
        return frame.Done.Task;
    }

    /// <summary>While the peer reads, it takes every queued frame, in order, now.</summary>
    private void Drain()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (_peerReading && _outgoing.First is { } node)
            {
                _outgoing.RemoveFirst();
                var frame = node.Value;
                if (frame.IsClose)
                {
                    TakeClose(frame.CloseStatus, frame.CloseReason, frame.CloseKind);
                    if (frame.AfterClose is { } afterClose)
                    {
                        afterClose();
                    }
                    else
                    {
                        frame.Done.TrySetResult();
                    }
                }
                else
                {
                    TakeData(frame);
                    frame.Done.TrySetResult();
                }
            }
        }
        finally
        {
            _draining = false;
        }
    }

    private void TakeData(Outgoing frame)
    {
        _outgoingMessage.AddRange(frame.Payload);
        if (frame.EndOfMessage)
        {
            var payload = _outgoingMessage.ToArray();
            _outgoingMessage.Clear();
            _peer.Record(SocketAction.Message(frame.Type, payload));
        }
    }

    /// <summary>The BCL's SendCloseFrameAsync once written: state, then (if the peer closed too) the transport ends.</summary>
    private void TakeClose(WebSocketCloseStatus closeStatus, string closeReason, SocketActionKind kind)
    {
        _sentClose = true;
        if (_receivedClose && _state < WebSocketState.Closed)
        {
            _state = WebSocketState.Closed;
        }
        else if (_state < WebSocketState.CloseSent)
        {
            _state = WebSocketState.CloseSent;
        }

        var empty = GoesOutEmpty(closeStatus, closeReason);
        _peer.Record(empty ? SocketAction.EmptyClose(kind)
            : kind == SocketActionKind.Close ? SocketAction.Close(closeStatus, closeReason)
            : SocketAction.CloseOutput(closeStatus, closeReason));
        if (_receivedClose)
        {
            EndTransport();
        }

        _peer.OnCloseFrameTaken(empty ? null : closeStatus, closeReason);
    }

    /// <summary>
    /// Fails <paramref name="task"/>'s operation with <see cref="OperationCanceledException"/> and aborts the socket when
    /// the token is cancelled before it completes, as the BCL does for pending operations.
    /// </summary>
    private void Watch(Task task, CancellationToken cancellationToken, Action remove, Action<Exception> fail)
    {
        if (task.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return;
        }

        cancellationToken.Register(() =>
        {
            if (!task.IsCompleted)
            {
                remove();
                fail(new OperationCanceledException(cancellationToken));
                Abort();
            }
        });
    }

    /// <summary>A frame our side queued for the peer: a data frame, or a close frame from CloseAsync or CloseOutputAsync.</summary>
    private sealed class Outgoing
    {
        internal WebSocketMessageType Type { get; private init; }

        internal byte[] Payload { get; private init; } = [];

        internal bool EndOfMessage { get; private init; }

        internal bool IsClose { get; private init; }

        internal WebSocketCloseStatus CloseStatus { get; private init; }

        internal string CloseReason { get; private init; } = string.Empty;

        internal SocketActionKind CloseKind { get; private init; }

        /// <summary>What CloseAsync does once its frame is out: wait for the peer's close.</summary>
        internal Action? AfterClose { get; init; }

        internal TaskCompletionSource Done { get; init; } = new();

        internal static Outgoing Data(WebSocketMessageType type, byte[] payload, bool endOfMessage) =>
            new() { Type = type, Payload = payload, EndOfMessage = endOfMessage };

        internal static Outgoing Close(WebSocketCloseStatus status, string reason, SocketActionKind kind, TaskCompletionSource done, Action? afterClose) =>
            new() { IsClose = true, CloseStatus = status, CloseReason = reason, CloseKind = kind, Done = done, AfterClose = afterClose };
    }
}
