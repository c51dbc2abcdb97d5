using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // One queue, drained by one loop at a time: messages and the final close frame go out in call order
    // without a lock per message. _sending is 1 while a drain loop runs.
    // Created on first use: a ConcurrentQueue allocates a 32-slot segment up front (about 1.8 KB here), and
    // a connection that only receives, or only uses SendAsync's fast path, never needs one. rxws bench idle
    // measured +2.9 KB per connection over raw with it created eagerly (target: 2 KiB).
    private ConcurrentQueue<Outgoing>? _sendQueue;
    private int _queuedMessages;
    private int _sending;
    private long _droppedMessageCount;

    // How many sink messages were accepted and never written, for the close info or error.
    private int _unsentSinkMessages;

    // SendAsync messages waiting for room in a full buffer, oldest first (slow path only, guarded by _roomGate).
    // Whoever frees a slot moves the oldest into the buffer itself, so a later send can never take that slot
    // first (call order). _roomWaiterCount counts the live ones: the drain loop skips the lock when it is 0,
    // and a new send that sees it above 0 queues behind them.
    private readonly object _roomGate = new();
    private readonly Queue<RoomWaiter> _roomWaiters = new();
    private int _roomWaiterCount;

    /// <summary>
    /// Sends a message and completes when it has been handed to the socket, in call order with every other
    /// send and with the sink. Before open it waits in the send buffer; when the buffer is full it waits
    /// for room. This is send backpressure: await each call.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Stops waiting for room in the send buffer; a message already queued is sent regardless.</param>
    /// <returns>A task that completes when the message is written, or faults: with
    /// <see cref="InvalidOperationException"/> when the connection was already closing or closed cleanly, with
    /// the <see cref="WebSocketConnectionException"/> that ended the connection when it failed before the
    /// message was written (the same object <see cref="Closed"/> faults with).</returns>
    public Task SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        // Fast path: open, nothing queued ahead, and no drain loop running. Taking the loop's flag makes this
        // caller the sender, so the message goes straight to the socket in call order, with no queue entry
        // and no completion object.
        if (_socket is { } socket && IsAccepting && SendQueueIsEmpty && Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            if (SendQueueIsEmpty && IsAccepting)
            {
                return SendDirectAsync(socket, message);
            }

            // Something was queued (or a close began) between the checks: hand the flag back, queue behind it.
            Volatile.Write(ref _sending, 0);
            StartSending();
        }

        return SendQueuedAsync(message, cancellationToken);
    }

    private async Task SendDirectAsync(WebSocket socket, Message message)
    {
        try
        {
            await SendMessageAsync(socket, message).ConfigureAwait(false);
            _telemetry.MessageSent(message);
        }
        catch (Exception e)
        {
            OnTransportFailure(e);
            throw _life.End?.Error ?? e;
        }
        finally
        {
            Volatile.Write(ref _sending, 0);

            // Whatever was queued while this message was being written (sink messages, the close frame).
            if (!SendQueueIsEmpty)
            {
                StartSending();
            }
        }
    }

    private async Task SendQueuedAsync(Message message, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource();
        var item = new Outgoing(message, completion);

        // Room, and no earlier send waiting for it: straight into the buffer. Otherwise wait in line, but
        // only while the connection can still make room: once it is closing, the message is refused at once.
        var waiting = IsAccepting
            && (Volatile.Read(ref _roomWaiterCount) > 0 || Volatile.Read(ref _queuedMessages) >= _options.SendBufferCapacity);
        if (waiting ? !await WaitForRoomAsync(item, cancellationToken).ConfigureAwait(false) : !TryEnqueue(item))
        {
            // After a failure, the connection's own error says why; after a close, that it was closing.
            throw _life.End?.Error ?? NotAccepting();
        }

        await completion.Task.ConfigureAwait(false);
    }

    private ConcurrentQueue<Outgoing> SendQueue =>
        Volatile.Read(ref _sendQueue) ?? Interlocked.CompareExchange(ref _sendQueue, new(), null) ?? _sendQueue!;

    private bool SendQueueIsEmpty => Volatile.Read(ref _sendQueue)?.IsEmpty ?? true;

    private bool TryDequeueOutgoing(out Outgoing item)
    {
        if (Volatile.Read(ref _sendQueue) is { } queue)
        {
            return queue.TryDequeue(out item);
        }

        item = default;
        return false;
    }

    /// <summary>Whether sends are still accepted: not closing, and no close through the sink waiting for open.</summary>
    private bool IsAccepting => _life.IsAccepting;

    // Held from a state check to the enqueue or write that follows it: see ConnectionLifecycle.HoldUnsentCount.
    private void HoldUnsentCount() => _life.HoldUnsentCount();

    private void ReleaseUnsentCount()
    {
        if (_life.ReleaseUnsentCount())
        {
            PublishEnd();
        }
    }

    private bool TryEnqueue(in Outgoing item)
    {
        // Held from the state check to the drain below: a message that slips in while the connection ends is
        // counted before the end is published (see HoldUnsentCount).
        HoldUnsentCount();
        try
        {
            if (!IsAccepting)
            {
                return false;
            }

            Interlocked.Increment(ref _queuedMessages);
            _telemetry.SendQueueChanged(+1);
            SendQueue.Enqueue(item);
            if (_life.Phase == ConnectionPhase.Closed)
            {
                // The connection ended between the check above and the enqueue: nothing will drain it now.
                DrainUnsent();
            }
            else
            {
                StartSending();
            }

            return true;
        }
        finally
        {
            ReleaseUnsentCount();
        }
    }

    private void EnqueueClose(WebSocketCloseInfo closeInfo)
    {
        SendQueue.Enqueue(new Outgoing(closeInfo));
        StartSending();
    }

    private void StartSending()
    {
        if (_socket is { } socket && Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            _ = SendLoopAsync(socket);
        }
    }

    private async Task SendLoopAsync(WebSocket socket)
    {
        // The loop holds the unsent count open while it runs: a message it has dequeued is either written or
        // counted before the connection's end is published, even when the end comes from elsewhere mid-write.
        HoldUnsentCount();
        try
        {
            await DrainQueueAsync(socket).ConfigureAwait(false);
        }
        finally
        {
            ReleaseUnsentCount();
        }
    }

    private async Task DrainQueueAsync(WebSocket socket)
    {
        while (true)
        {
            while (TryDequeueOutgoing(out var item))
            {
                if (item.Close is { } close)
                {
                    if (!await TrySendCloseAsync(socket, close).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                // A full fence, then the line: the freed slot goes to the oldest waiting send, if any.
                Interlocked.Decrement(ref _queuedMessages);
                _telemetry.SendQueueChanged(-1);
                if (Volatile.Read(ref _roomWaiterCount) != 0)
                {
                    HandOverRoom();
                }

                if (_life.CloseSent || _life.Phase == ConnectionPhase.Closed)
                {
                    // Lost a race with the close: it never reaches the wire, and says so.
                    FailUnsent(item);
                    continue;
                }

                try
                {
                    await SendMessageAsync(socket, item.Message).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // A SendAsync faults with the connection's error; a sink message is counted, and the end
                    // waits for this loop to let go of the count, so the count is in the error.
                    OnTransportFailure(e);
                    FailUnsent(item);
                    Volatile.Write(ref _sending, 0);
                    return;
                }

                // Written, even if the connection ended meanwhile: the socket took it, so it is not unsent.
                _telemetry.MessageSent(item.Message);
                item.Completion?.TrySetResult();
            }

            Volatile.Write(ref _sending, 0);

            // An item enqueued after the last TryDequeue but before the flag was cleared would be stranded.
            if (SendQueueIsEmpty || Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private static ValueTask SendMessageAsync(WebSocket socket, Message message)
    {
        if (message.Type == MessageType.Binary)
        {
            return socket.SendAsync(message.Data, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }

        return SendTextAsync(socket, message);
    }

    private static async ValueTask SendTextAsync(WebSocket socket, Message message)
    {
        var text = message.Text;
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> TrySendCloseAsync(WebSocket socket, WebSocketCloseInfo close)
    {
        // The BCL cannot put an empty close body on the wire (it would send 1005): a close with no code goes out as
        // 1000 with an empty reason, which our own transport turns into an empty body (docs/behaviour.md, "Exact close frames").
        var code = close.Code ?? CloseValidation.NormalClosure;
        if (close.Code is null)
        {
            PrepareCloseWithoutCode();
        }

        try
        {
            await socket.CloseOutputAsync(CloseValidation.ToStatus(code), CloseValidation.ToWireReason(close.Reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            OnTransportFailure(e);
            Volatile.Write(ref _sending, 0);
            return false;
        }

        OnCloseSent();
        return true;
    }

    private void FailUnsent(in Outgoing item)
    {
        if (item.Completion is { } completion)
        {
            completion.TrySetException(_life.End?.Error ?? (Exception)NotAccepting());
        }
        else
        {
            Interlocked.Increment(ref _unsentSinkMessages);
        }
    }

    private InvalidOperationException NotAccepting() =>
        new($"The connection is {_life.Describe()}; the message was not sent.");

    /// <summary>
    /// Waits in line until the message has been moved into the buffer (true), or refused because the
    /// connection stopped accepting (false). Cancellation stops the wait only while the message is in line.
    /// </summary>
    private async Task<bool> WaitForRoomAsync(Outgoing item, CancellationToken cancellationToken)
    {
        var waiter = new RoomWaiter(this, item);
        lock (_roomGate)
        {
            if (!IsAccepting)
            {
                return false;
            }

            _roomWaiters.Enqueue(waiter);

            // A full fence after joining the line, against the one after the drain loop frees a slot: either
            // the drain loop sees this waiter, or HandOverRoom below sees the slot.
            Interlocked.Increment(ref _roomWaiterCount);
        }

        HandOverRoom();

        using (cancellationToken.CanBeCanceled ? cancellationToken.Register(static state => ((RoomWaiter)state!).Cancel(), waiter) : default)
        {
            return await waiter.Moved.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Moves the oldest waiting messages into the buffer while it has room.</summary>
    private void HandOverRoom()
    {
        while (true)
        {
            RoomWaiter? next;
            bool moved;
            lock (_roomGate)
            {
                if (Volatile.Read(ref _queuedMessages) >= _options.SendBufferCapacity || !TryDequeueLiveWaiter(out next))
                {
                    return;
                }

                // Into the buffer under the lock, so that the oldest goes first; counted out of the line only
                // after, so that a send seeing no one in line also sees this message ahead of it.
                moved = IsAccepting;
                if (moved)
                {
                    Interlocked.Increment(ref _queuedMessages);
                    SendQueue.Enqueue(next.Item);
                }

                Interlocked.Decrement(ref _roomWaiterCount);
            }

            next.Moved.TrySetResult(moved);
            if (!moved)
            {
                return;
            }

            // Counted outside the lock: a metrics listener is user code.
            _telemetry.SendQueueChanged(+1);

            StartSending();
        }
    }

    /// <summary>Refuses every message waiting in line: the connection is closing or over.</summary>
    private void RefuseRoomWaiters()
    {
        if (Volatile.Read(ref _roomWaiterCount) == 0)
        {
            return;
        }

        List<RoomWaiter> refused = [];
        lock (_roomGate)
        {
            while (TryDequeueLiveWaiter(out var waiter))
            {
                refused.Add(waiter);
                Interlocked.Decrement(ref _roomWaiterCount);
            }
        }

        refused.ForEach(static waiter => waiter.Moved.TrySetResult(false));
    }

    private void CancelWait(RoomWaiter waiter)
    {
        lock (_roomGate)
        {
            if (waiter.Done)
            {
                // Already moved into the buffer (it is sent regardless) or refused.
                return;
            }

            // Stays in the queue, skipped when reached; it no longer counts as waiting.
            waiter.Done = true;
            Interlocked.Decrement(ref _roomWaiterCount);
        }

        waiter.Moved.TrySetCanceled();
    }

    /// <summary>Under <see cref="_roomGate"/>: the oldest waiter that was not cancelled, marked done.</summary>
    private bool TryDequeueLiveWaiter([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RoomWaiter? waiter)
    {
        while (_roomWaiters.TryDequeue(out waiter))
        {
            if (!waiter.Done)
            {
                waiter.Done = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>A SendAsync message waiting for room in a full buffer.</summary>
    private sealed class RoomWaiter(WebSocketConnection connection, Outgoing item)
    {
        public Outgoing Item { get; } = item;

        /// <summary>True once moved into the buffer, false if refused; cancelled if the caller gave up first.</summary>
        public TaskCompletionSource<bool> Moved { get; } = new();

        /// <summary>Taken out of the line (moved, refused or cancelled); guarded by <see cref="_roomGate"/>.</summary>
        public bool Done { get; set; }

        public void Cancel() => connection.CancelWait(this);
    }

    /// <summary>A message to send (with the caller's completion, for SendAsync), or the final close frame.</summary>
    private readonly struct Outgoing
    {
        public Outgoing(Message message, TaskCompletionSource? completion)
        {
            Message = message;
            Completion = completion;
        }

        public Outgoing(WebSocketCloseInfo close) => Close = close;

        public Message Message { get; }

        public TaskCompletionSource? Completion { get; }

        public WebSocketCloseInfo? Close { get; }
    }
}
