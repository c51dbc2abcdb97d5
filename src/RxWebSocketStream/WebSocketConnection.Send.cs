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

    // Set by the drain loop once the close frame is written; anything dequeued after it is unsent.
    private volatile bool _closeSent;

    // SendAsync callers waiting for room in a full buffer (slow path only, guarded by _gate; the count
    // lets the drain loop skip the lock when nobody waits).
    private readonly Queue<TaskCompletionSource> _roomWaiters = new();
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
        }
        catch (Exception e)
        {
            OnTransportFailure(e);
            throw _terminalError ?? e;
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
        // Wait for room only while the connection can still make some: once it is closing, TryEnqueue
        // refuses the message at once.
        while (Volatile.Read(ref _queuedMessages) >= _options.SendBufferCapacity && IsAccepting)
        {
            await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        }

        var completion = new TaskCompletionSource();
        if (!TryEnqueue(new Outgoing(message, completion)))
        {
            // After a failure, the connection's own error says why; after a close, that it was closing.
            throw _terminalError ?? NotAccepting();
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
    private bool IsAccepting => _state < ConnectionState.Closing && _closeWhenOpen is null;

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
            SendQueue.Enqueue(item);
            if (_state == ConnectionState.Closed)
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

                Interlocked.Decrement(ref _queuedMessages);
                ReleaseRoomWaiters();

                if (_closeSent || _state == ConnectionState.Closed)
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
        // The BCL cannot put an empty close body on the wire (it would send 1005): a close with no code
        // goes out as 1000 with an empty reason. docs/behaviour.md records this divergence.
        var code = close.Code ?? CloseValidation.NormalClosure;
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
            completion.TrySetException(_terminalError ?? (Exception)NotAccepting());
        }
        else
        {
            Interlocked.Increment(ref _unsentSinkMessages);
        }
    }

    private InvalidOperationException NotAccepting() =>
        new($"The connection is {DescribeState()}; the message was not sent.");

    private Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource();
        lock (_gate)
        {
            if (_queuedMessages < _options.SendBufferCapacity || !IsAccepting)
            {
                return Task.CompletedTask;
            }

            _roomWaiters.Enqueue(waiter);
            _roomWaiterCount++;
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled waiter stays queued but completed; ReleaseRoomWaiters skips it.
            var registration = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter);
            _ = waiter.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    /// <summary>Wakes one SendAsync waiting for room (all of them when <paramref name="all"/>).</summary>
    private void ReleaseRoomWaiters(bool all = false)
    {
        if (Volatile.Read(ref _roomWaiterCount) == 0)
        {
            return;
        }

        while (true)
        {
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                if (!_roomWaiters.TryDequeue(out waiter))
                {
                    return;
                }

                _roomWaiterCount--;
            }

            if (waiter.TrySetResult() && !all)
            {
                return;
            }
        }
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
