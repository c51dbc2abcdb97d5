namespace RxWebSocketStream;

/// <summary>
/// A message was handed to a connection whose socket then failed: it may or may not have reached the peer, and the
/// session does not send it again (a silent re-send could deliver it twice). The application decides, with
/// <see cref="LostMessage"/> in hand, whether re-sending is safe.
/// </summary>
public sealed class MessagePossiblyLostException : Exception
{
    /// <summary>Creates the exception for a message that was handed to the socket of a connection that failed.</summary>
    /// <param name="lostMessage">The message.</param>
    /// <param name="innerException">The failure the connection reported for the send.</param>
    public MessagePossiblyLostException(Message lostMessage, Exception? innerException)
        : base("The connection failed after the message was handed to it; it may or may not have reached the peer, and it is not re-sent.", innerException)
    {
        LostMessage = lostMessage;
    }

    /// <summary>Creates the exception for an empty message and no cause.</summary>
    public MessagePossiblyLostException()
        : this(default(Message), innerException: null)
    {
    }

    /// <summary>Creates the exception with a custom message, for an empty message.</summary>
    /// <param name="message">The text of the exception.</param>
    public MessagePossiblyLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message and cause, for an empty message.</summary>
    /// <param name="message">The text of the exception.</param>
    /// <param name="innerException">The cause.</param>
    public MessagePossiblyLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the message that may have been lost.</summary>
    public Message LostMessage { get; }
}
