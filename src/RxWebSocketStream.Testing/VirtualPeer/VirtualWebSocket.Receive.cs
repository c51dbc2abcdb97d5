using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing;

/// <summary>The receive side: frames from the peer, delivered to pending receives in order.</summary>
public sealed partial class VirtualWebSocket
{
    private readonly Queue<InboundFrame> _inbound = new();
    private readonly LinkedList<Receiver> _receivers = new();

    /// <summary>The FIN bit of the last data frame started, to check continuation order as the BCL does.</summary>
    private bool _lastFrameFin = true;
    private WebSocketMessageType _inboundType;
    private Decoder? _utf8;
    private bool _pumping;

    /// <summary>
    /// Receives the next frame, or the part of it that fits in <paramref name="buffer"/>, as the BCL does.
    /// </summary>
    /// <param name="buffer">Where to copy the payload.</param>
    /// <param name="cancellationToken">Cancelling it aborts the socket, as in the BCL.</param>
    /// <returns>The result; a close frame gives <see cref="WebSocketMessageType.Close"/> with the peer's code and reason.</returns>
    /// <exception cref="ArgumentNullException">The segment's array is <see langword="null"/>.</exception>
    /// <exception cref="WebSocketException">
    /// The state is not Open or CloseSent (<see cref="WebSocketError.InvalidState"/>); the peer dropped the connection
    /// (<see cref="WebSocketError.ConnectionClosedPrematurely"/>); or the peer broke the protocol
    /// (<see cref="WebSocketError.Faulted"/>, after our side sent 1002 or 1007).
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        BclRules.ValidateArraySegment(buffer, nameof(buffer));
        return ReceiveCore(buffer, cancellationToken);
    }

    /// <summary>As <see cref="ReceiveAsync(ArraySegment{byte}, CancellationToken)"/>, into a <see cref="Memory{T}"/>.</summary>
    /// <param name="buffer">Where to copy the payload.</param>
    /// <param name="cancellationToken">Cancelling it aborts the socket, as in the BCL.</param>
    /// <returns>The result.</returns>
    /// <exception cref="WebSocketException">As for the array overload.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled or the socket aborted.</exception>
    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var task = ReceiveCore(buffer, cancellationToken);
        return task.IsCompletedSuccessfully ? new(ToValue(task.Result)) : AwaitValue(task);

        static async ValueTask<ValueWebSocketReceiveResult> AwaitValue(Task<WebSocketReceiveResult> task) =>
            ToValue(await task.ConfigureAwait(false));

        static ValueWebSocketReceiveResult ToValue(WebSocketReceiveResult r) => new(r.Count, r.MessageType, r.EndOfMessage);
    }

    private Task<WebSocketReceiveResult> ReceiveCore(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (BclRules.CheckState(_state, _disposed, BclRules.ValidReceiveStates) is { } invalid)
        {
            return Task.FromException<WebSocketReceiveResult>(invalid);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // The BCL registers Abort on the token first, so an already-cancelled token aborts the socket.
            Abort();
            return Task.FromCanceled<WebSocketReceiveResult>(cancellationToken);
        }

        var receiver = new Receiver(buffer, null);
        _receivers.AddLast(receiver);
        Pump();
        Watch(receiver.Result.Task, cancellationToken, () => _receivers.Remove(receiver), receiver.Fail);
        return receiver.Result.Task;
    }

    /// <summary>Hands queued frames to pending receivers, first come first served, until one side runs out.</summary>
    private void Pump()
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (_receivers.First is { } node && _inbound.TryPeek(out var frame))
            {
                if (frame.Code == InboundFrame.Opcode.EndOfStream)
                {
                    _receivers.RemoveFirst();
                    var lost = BclRules.TransportLost(_state);
                    OnAborted();
                    node.Value.Fail(lost);
                }
                else if (frame.Code == InboundFrame.Opcode.Close)
                {
                    ReceiveClose(node.Value, frame);
                }
                else
                {
                    ReceiveData(node.Value, frame);
                }
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private void ReceiveData(Receiver receiver, InboundFrame frame)
    {
        if (!frame.Started)
        {
            if (!StartFrame(receiver, frame))
            {
                return;
            }

            frame.Started = true;
        }

        var count = receiver.DiscardsData ? frame.Remaining : Math.Min(receiver.Buffer.Length, frame.Remaining);
        var chunk = frame.Payload.AsSpan(frame.Consumed, count);
        if (!receiver.DiscardsData)
        {
            chunk.CopyTo(receiver.Buffer.Span);
        }

        frame.Consumed += count;
        var endOfMessage = frame.Fin && frame.Remaining == 0;
        if (frame.Remaining == 0)
        {
            _inbound.Dequeue();
        }

        if (_inboundType == WebSocketMessageType.Text && !IsValidUtf8(chunk, endOfMessage))
        {
            FailProtocol(receiver, WebSocketCloseStatus.InvalidPayloadData, null, null);
            return;
        }

        if (!receiver.DiscardsData)
        {
            _receivers.Remove(receiver);
            receiver.Result.TrySetResult(new WebSocketReceiveResult(count, _inboundType, endOfMessage, _closeStatus, _closeStatusDescription));
        }
    }

    /// <summary>The BCL's header checks for a data frame; false when the frame failed the connection.</summary>
    private bool StartFrame(Receiver receiver, InboundFrame frame)
    {
        var isContinuation = frame.Code == InboundFrame.Opcode.Continuation;
        if (isContinuation == _lastFrameFin)
        {
            FailProtocol(receiver, WebSocketCloseStatus.ProtocolError, isContinuation ? BclRules.ContinuationFromFinalFrame : BclRules.NonContinuationAfterNonFinalFrame, null);
            return false;
        }

        if (!isContinuation)
        {
            _inboundType = frame.Code == InboundFrame.Opcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            _utf8 = null;
        }

        _lastFrameFin = frame.Fin;
        return true;
    }

    private bool IsValidUtf8(ReadOnlySpan<byte> chunk, bool endOfMessage)
    {
        _utf8 ??= BclRules.StrictUtf8.GetDecoder();
        try
        {
            // GetChars, not GetCharCount: only GetChars carries an incomplete sequence over to the next fragment.
            _utf8.GetChars(chunk, new char[chunk.Length + 4], flush: endOfMessage);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The BCL's HandleReceivedCloseAsync, including its checks of the close payload.</summary>
    private void ReceiveClose(Receiver receiver, InboundFrame frame)
    {
        _inbound.Dequeue();
        var payload = frame.Payload;
        if (payload.Length > BclRules.MaxControlPayloadLength)
        {
            // A header error: found before the frame counts as a close frame.
            FailProtocol(receiver, WebSocketCloseStatus.ProtocolError, BclRules.InvalidControlMessage, null);
            return;
        }

        _receivedClose = true;
        _receivedEmptyClose = payload.Length == 0;
        _state = _sentClose && _state < WebSocketState.Closed ? WebSocketState.Closed
            : _state < WebSocketState.CloseReceived ? WebSocketState.CloseReceived
            : _state;

        var status = WebSocketCloseStatus.NormalClosure;
        var description = string.Empty;
        if (payload.Length == 1)
        {
            FailProtocol(receiver, WebSocketCloseStatus.ProtocolError, null, null);
            return;
        }

        if (payload.Length >= 2)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!BclRules.IsValidReceivedCloseStatus(code))
            {
                FailProtocol(receiver, WebSocketCloseStatus.ProtocolError, null, null);
                return;
            }

            status = (WebSocketCloseStatus)code;
            try
            {
                description = BclRules.StrictUtf8.GetString(payload, 2, payload.Length - 2);
            }
            catch (DecoderFallbackException e)
            {
                FailProtocol(receiver, WebSocketCloseStatus.ProtocolError, null, e);
                return;
            }
        }

        _closeStatus = status;
        _closeStatusDescription = description;
        if (_sentClose)
        {
            EndTransport();
        }

        _receivers.Remove(receiver);
        if (receiver.CloseWaiter is { } closeAsync)
        {
            closeAsync.TrySetResult();
        }
        else
        {
            receiver.Result.TrySetResult(new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, status, description));
        }

        CompleteCloseWaiters();
    }

    /// <summary>
    /// The BCL's CloseWithReceiveErrorAndThrowAsync: send a close frame if none was sent, drop what was buffered, fail the
    /// receive with <see cref="WebSocketError.Faulted"/>, and mark the socket aborted (unless that close made it Closed).
    /// </summary>
    private void FailProtocol(Receiver receiver, WebSocketCloseStatus closeStatus, string? message, Exception? inner)
    {
        if (!_sentClose)
        {
            TakeClose(closeStatus, string.Empty, SocketActionKind.CloseOutput);
        }

        _inbound.Clear();
        var error = message is null
            ? new WebSocketException(WebSocketError.Faulted, inner)
            : new WebSocketException(WebSocketError.Faulted, message, inner);
        OnAborted();
        _receivers.Remove(receiver);
        receiver.Fail(error);
    }

    /// <summary>A pending receive: ours, or the one <c>CloseAsync</c> runs to wait for the peer's close, which discards data.</summary>
    private sealed class Receiver(Memory<byte> buffer, TaskCompletionSource? closeWaiter)
    {
        internal Memory<byte> Buffer { get; } = buffer;

        internal TaskCompletionSource<WebSocketReceiveResult> Result { get; } = new();

        internal TaskCompletionSource? CloseWaiter { get; } = closeWaiter;

        internal bool DiscardsData => CloseWaiter is not null;

        internal void Fail(Exception error)
        {
            if (CloseWaiter is null)
            {
                Result.TrySetException(error);
            }
            else
            {
                CloseWaiter.TrySetException(error);
            }
        }
    }
}
