namespace RxWebSocketStream;

/// <summary>Who started the end of a connection, as far as the code reporting it knows.</summary>
public enum CloseInitiator
{
    /// <summary>Not known: for example the socket died, or the handshake failed.</summary>
    Unknown = 0,

    /// <summary>
    /// The application asked for it: <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/>, disposing
    /// the connection or its last subscription, or completing or failing its sink.
    /// </summary>
    Application = 1,

    /// <summary>The peer sent the first close frame.</summary>
    Peer = 2,
}
