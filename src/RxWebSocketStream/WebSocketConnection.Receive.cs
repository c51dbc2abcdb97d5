using System.Buffers;
using System.Text.Unicode;
using System.Net.WebSockets;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // Held for as long as the connection waits for a message, so it is what an idle connection costs: 4 KiB,
    // the same as a typical raw receive loop. It doubles (up to MaxMessageSize + 1) for larger messages and
    // stays at the size reached. rxws bench idle measured +13 KiB per connection with 16 KiB here.
    private const int InitialReceiveBufferSize = 4 * 1024;

    // Copy-on-write under _subscribersGate, read without it by the receive loop: no lock per message.
    private readonly object _subscribersGate = new();
    private IObserver<Message>[] _observers = [];

    // The receive loop, parked until someone asks for data (a first subscriber, or closing), waits here.
    private readonly DemandSignal _dataWanted = new();

    // True from the moment the loop parks with a data frame's header in hand (pongs behind it cannot be seen) until
    // its next read returns. A keep-alive abort meanwhile is a stalled reader, not a dead peer, and is named so; it
    // is noticed when the loop resumes (someone asks) or a send fails, since nothing is pending on the socket then.
    private volatile bool _dataWaitingForDemand;

    private bool TryAddObserver(IObserver<Message> observer)
    {
        lock (_subscribersGate)
        {
            // Once the end is decided the observers were taken; a late subscriber hears the end replayed.
            if (_life.Phase == ConnectionPhase.Closed)
            {
                return false;
            }

            _observers = [.. _observers, observer];
        }

        SignalDataWanted();
        return true;
    }

    private void RemoveObserver(IObserver<Message> observer)
    {
        bool wasLast;
        lock (_subscribersGate)
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
            // docs/behaviour.md, "Closing": disposing the last subscription closes; already validated in the options.
            StartClose(_options.UnsubscribeCloseInfo, failure: null);
        }
    }

    /// <summary>Takes every subscriber as the end is decided: they hear the end, and nothing after it.</summary>
    private IObserver<Message>[] TakeObservers()
    {
        lock (_subscribersGate)
        {
            var observers = _observers;
            _observers = [];
            _readers = [];
            return observers;
        }
    }

    private void ReplayEnd(IObserver<Message> observer)
    {
        var end = _life.End!;
        if (end.Error is null)
        {
            observer.OnCompleted();
        }
        else
        {
            observer.OnError(end.Error);
        }
    }

    /// <summary>Whether the loop may read data now: someone subscribed (or we are closing) and every pull consumer asks.</summary>
    private bool DataWanted() => SubscribedOrEnding() && ReadersWantMore();

    private bool SubscribedOrEnding() => Volatile.Read(ref _observers).Length > 0 || _life.Phase >= ConnectionPhase.Closing;

    private void SignalDataWanted() => _dataWanted.Signal();

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
                // Between messages, when nobody asks for data yet: read with an empty buffer first. The BCL then
                // processes control frames (answers pings, sees pongs and the peer's close) and returns when a data
                // frame's header arrives, without consuming its payload; then the loop waits for demand. So a
                // connection without subscribers stays alive under keep-alive, and still no message is read before
                // someone asks (docs/behaviour.md, "Receiving"). Written inline, not as a helper method: an extra
                // async frame would hop threads under a SynchronizationContext and break virtual-time determinism.
                if (count == 0 && !tooBig && !DataWanted())
                {
                    var peek = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                    if (peek.MessageType == WebSocketMessageType.Close)
                    {
                        OnCloseReceived(ReceivedCloseCode(socket), socket.CloseStatusDescription);
                        return;
                    }

                    // Cleared by the next read that returns (below): a keep-alive abort meanwhile is this stall.
                    _dataWaitingForDemand = true;
                    while (!DataWanted() && _life.Phase != ConnectionPhase.Closed)
                    {
                        await _dataWanted.WaitAsync(SubscribedOrEnding).ConfigureAwait(false);
                        await WaitForReadersAsync().ConfigureAwait(false);
                    }

                    if (peek.EndOfMessage)
                    {
                        // A data frame with no payload and the FIN bit is a whole empty message: the empty read took it.
                        _dataWaitingForDemand = false;
                        NoteMessageReceived();
                        Deliver(peek.MessageType == WebSocketMessageType.Text ? Message.FromUtf8Text(Array.Empty<byte>()) : Message.FromBinary(Array.Empty<byte>()));
                        continue;
                    }
                }

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
                _dataWaitingForDemand = false;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    OnCloseReceived(ReceivedCloseCode(socket), socket.CloseStatusDescription);
                    return;
                }

                count += result.Count;
                if (count > maxSize || tooBig)
                {
                    // docs/behaviour.md, "Receiving": a message over the limit closes with 1009 before memory grows further; the
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
        _telemetry.MessageReceived(message);

        // A failure of ours (a throwing subscriber, an oversized message) stops delivery: the connection is
        // closing with an error and later messages would arrive after that error was decided. And once the end
        // is being told, nothing follows it.
        if (_life.LocalFailure is not null || !_calls.TryEnter())
        {
            return;
        }

        // Every current subscriber gets the message, even when one of them throws: the sequence is shared,
        // and one subscriber's bug must not rob the others of data already read. The first throw fails
        // the connection after the round.
        Exception? thrown = null;
        try
        {
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
                // Recorded before the end can be told, so that the end reports it.
                FailWithSubscriberError(thrown);
            }
        }
        finally
        {
            _calls.Exit();
        }
    }
}
