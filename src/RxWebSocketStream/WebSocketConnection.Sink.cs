using System.Net.WebSockets;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    private void SinkNext(Message message)
    {
        if (Volatile.Read(ref _queuedMessages) >= _options.SendBufferCapacity)
        {
            OnSinkOverflow();
            return;
        }

        if (!TryEnqueue(new Outgoing(message, completion: null)))
        {
            // Closing or closed: refused, and counted so that it is not lost silently.
            var dropped = Interlocked.Increment(ref _droppedMessageCount);
            _telemetry.Dropped(overflow: false, dropped, _options.SendBufferCapacity, _options.SendBufferOverflow);
        }
    }

    private void OnSinkOverflow()
    {
        var dropped = Interlocked.Increment(ref _droppedMessageCount);
        _telemetry.Dropped(overflow: true, dropped, _options.SendBufferCapacity, _options.SendBufferOverflow);
        if (_options.SendBufferOverflow == SendBufferOverflow.Fail)
        {
            var capacity = _options.SendBufferCapacity;
            StartClose(
                WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InternalServerError, "send buffer full"),
                WebSocketConnectionException.Report(
                    $"The sink outran the send buffer ({capacity} messages, SendBufferCapacity) under SendBufferOverflow.Fail; the queued messages were flushed and the connection closed with 1011.",
                    (int)WebSocketCloseStatus.InternalServerError,
                    "send buffer full"),
                deferUntilOpen: true);
        }
    }

    private void SinkError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);

        // Sink.OnError is a failure, whatever the code: it closes with the error's code and reason (1011
        // for an exception that is not ours) and the same error ends the stream and faults Closed.
        var connectionError = error as WebSocketConnectionException
            ?? WebSocketConnectionException.Report($"The sink failed with {error.GetType().Name}: {error.Message}; the connection was closed with 1011.", (int)WebSocketCloseStatus.InternalServerError, innerException: error);
        // An error looks like one on both ends: a code that may be sent goes out as it is; no code, or one that is
        // never sent (1006 from another connection's end), goes out as 1011.
        var closeWith = connectionError.CloseCode is int code && CloseValidation.IsSendableProtocolCode(code)
            ? new WebSocketCloseInfo(code, connectionError.Reason)
            : WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InternalServerError);
        StartClose(closeWith, connectionError, deferUntilOpen: true);
    }

    /// <summary>The connection's <see cref="Sink"/>: an observer whose calls become sends and a close.</summary>
    private sealed class SinkObserver(WebSocketConnection connection) : IObserver<Message>
    {
        public void OnNext(Message value) => connection.SinkNext(value);

        public void OnError(Exception error) => connection.SinkError(error);

        public void OnCompleted() => connection.StartClose(DisposeCloseInfo, failure: null, deferUntilOpen: true);
    }
}
