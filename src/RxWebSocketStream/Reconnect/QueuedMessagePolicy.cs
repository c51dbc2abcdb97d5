namespace RxWebSocketStream;

/// <summary>
/// What <see cref="ReconnectingConnection.SendAsync(Message, QueuedMessagePolicy?)"/> does with a message while no
/// connection is open (before the first open, between connections). A message handed to an open connection is
/// never affected: if that connection then dies it is reported as <see cref="MessagePossiblyLostException"/>.
/// </summary>
public enum QueuedMessagePolicy
{
    /// <summary>
    /// Keep it in the session's bounded queue (<see cref="ReconnectingConnectionOptions.SendBufferCapacity"/>) and
    /// send it, in order, on the next connection that opens. It fails if the session ends first.
    /// </summary>
    QueueWhileDisconnected = 0,

    /// <summary>Fail the send at once with an <see cref="InvalidOperationException"/>: the message was not sent.</summary>
    FailWhileDisconnected = 1,
}
