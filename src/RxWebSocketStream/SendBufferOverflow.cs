namespace RxWebSocketStream;

/// <summary>
/// What the sink does with a message when the send buffer already holds
/// <see cref="WebSocketConnectionOptions.SendBufferCapacity"/> messages. (<see cref="WebSocketConnection.SendAsync"/>
/// never overflows: it waits for room.)
/// </summary>
public enum SendBufferOverflow
{
    /// <summary>
    /// The default. The connection fails: queued messages are flushed, then it closes with 1011
    /// (internal error) and every subscriber and <see cref="WebSocketConnection.Closed"/> see a
    /// <see cref="WebSocketConnectionException"/> that names the capacity. Nothing is dropped silently.
    /// </summary>
    Fail,

    /// <summary>
    /// The new message is dropped and counted in <see cref="WebSocketConnection.DroppedMessageCount"/>:
    /// for feeds where only the messages that fit matter.
    /// </summary>
    DropNewest,
}
