using System.Buffers;
using System.Text.Unicode;
using System.Net.WebSockets;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // Held for as long as the connection waits for a message, so it is what an idle connection costs: 4 KiB,
    // the same as a typical raw receive loop. It doubles (up to MaxMessageSize + 1) for larger messages and
    // stays at the size reached. rxws bench idle measured +13 KiB per connection with 16 KiB here.
    private const int InitialReceiveBufferSize = 4 * 1024;

    // Copy-on-write under _gate, read without it by the receive loop: no lock per message.
    private IObserver<Message>[] _observers = [];
    private bool _receiving;

    private bool TryAddObserver(IObserver<Message> observer)
    {
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                return false;
            }

            _observers = [.. _observers, observer];
            return true;
        }
    }

    private void RemoveObserver(IObserver<Message> observer)
    {
        bool wasLast;
        lock (_gate)
        {
            var index = Array.IndexOf(_observers, observer);
            if (index < 0)
            {
                return;
            }

            _observers = [.. _observers.AsSpan(0, index), .. _observers.AsSpan(index + 1)];
            wasLast = _observers.Length == 0;
        }

        if (wasLast)
        {
            // DESIGN.md 3.4: disposing the last subscription closes; already validated in the options.
            StartClose(_options.UnsubscribeCloseInfo, failure: null);
        }
    }

    private void ReplayEnd(IObserver<Message> observer)
    {
        var closed = _closed.Task;
        if (closed.IsCompletedSuccessfully)
        {
            observer.OnCompleted();
        }
        else
        {
            observer.OnError(closed.Exception?.InnerException ?? new OperationCanceledException("The connection was cancelled."));
        }
    }

    /// <summary>Starts the receive loop once the socket is open and someone wants messages (or we are closing).</summary>
    private void StartReceivingIfOpen()
    {
        WebSocket? socket;
        lock (_gate)
        {
            var wanted = _observers.Length > 0 || _state == ConnectionState.Closing;
            if (_receiving || _socket is null || !wanted || _state == ConnectionState.Closed)
            {
                return;
            }

            _receiving = true;
            socket = _socket;
        }

        _ = ReceiveLoopAsync(socket);
    }

    private async Task ReceiveLoopAsync(WebSocket socket)
    {
        var maxSize = _options.MaxMessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferSize, maxSize + 1));
        var count = 0;
        var tooBig = false;
        try
        {
            while (true)
            {
                await WaitForReadersAsync().ConfigureAwait(false);

                if (count == buffer.Length && buffer.Length <= maxSize)
                {
                    // Grow up to one byte past the limit, so that "exactly the limit" and "over it" differ.
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxSize + 1));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // The pool may hand out a larger array than asked for; never read past limit + 1.
                var window = Math.Min(buffer.Length, maxSize + 1) - count;
                var result = await socket.ReceiveAsync(buffer.AsMemory(count, window), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseReceived(ReceivedCloseCode(socket), socket.CloseStatusDescription); // [exact-close] WebSocketConnection.ExactClose.cs
                    return;
                }

                count += result.Count;
                if (count > maxSize || tooBig)
                {
                    // DESIGN.md: a message over the limit closes with 1009 before memory grows further; the
                    // rest of it is read and dropped so the peer's close frame can still arrive.
                    if (!tooBig)
                    {
                        tooBig = true;
                        FailWithMessageTooBig(maxSize);
                    }

                    count = 0;
                    tooBig = !result.EndOfMessage;
                    continue;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                // The BCL checks that a text message ends on a whole UTF-8 sequence only when its final frame
                // carries bytes: an empty final frame after one that stopped mid-sequence slips through. Only
                // that case is checked again, so ordinary messages pay nothing.
                if (result.Count == 0 && count > 0 && result.MessageType == WebSocketMessageType.Text && !Utf8.IsValid(buffer.AsSpan(0, count)))
                {
                    count = 0;
                    FailWithInvalidText();
                    continue;
                }

                NoteMessageReceived();
                var payload = count == 0 ? [] : buffer.AsSpan(0, count).ToArray();
                count = 0;
                Deliver(result.MessageType == WebSocketMessageType.Text ? Message.FromUtf8Text(payload) : Message.FromBinary(payload));
            }
        }
        catch (Exception e)
        {
            OnTransportFailure(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Deliver(Message message)
    {
        // A failure of ours (a throwing subscriber, an oversized message) stops delivery: the connection is
        // closing with an error and later messages would arrive after that error was decided.
        if (_localFailure is not null)
        {
            return;
        }

        // Every current subscriber gets the message, even when one of them throws: the sequence is shared,
        // and one subscriber's bug must not rob the others of data already read. The first throw fails
        // the connection after the loop.
        Exception? thrown = null;
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(message);
            }
            catch (Exception e)
            {
                thrown ??= e;
            }
        }

        if (thrown is not null)
        {
            FailWithSubscriberError(thrown);
        }
    }
}
