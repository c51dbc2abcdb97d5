namespace RxWebSocketStream.Testing;

/// <summary>How a <see cref="VirtualPeer"/> behaves apart from its script.</summary>
public sealed class VirtualPeerOptions
{
    /// <summary>
    /// Gets the sub-protocol the peer selects in the handshake.
    /// The default value is <see langword="null"/> (none).
    /// </summary>
    public string? SubProtocol { get; init; }

    /// <summary>
    /// Gets how long, in virtual time, <see cref="VirtualPeer.ConnectAsync"/> takes before the socket opens.
    /// The default value is <see cref="TimeSpan.Zero"/> (the handshake completes synchronously).
    /// </summary>
    public TimeSpan HandshakeDelay { get; init; }

    /// <summary>
    /// Gets the exception <see cref="VirtualPeer.ConnectAsync"/> faults with after <see cref="HandshakeDelay"/>,
    /// to script a failed handshake (refused connection, 404, ...). The default value is <see langword="null"/> (success).
    /// </summary>
    public Exception? HandshakeFailure { get; init; }

    /// <summary>
    /// Gets whether our side's socket imitates one the library makes itself (<c>WebSocketConnection.Connect</c>, or a
    /// server's <c>MapWebSocketConnection</c>), whose transport makes close frames exact: a close without a code puts
    /// an empty close frame on the wire, and a peer's empty close frame is reported as 1005 (docs/behaviour.md,
    /// "Exact close frames"). When <see langword="false"/> it imitates a bare BCL socket, such as one from a <c>SocketFactory</c>
    /// or one given to <c>WebSocketConnection.Create</c>: a close without a code goes out as 1000 with an empty
    /// reason, and the peer's empty close is reported as 1000. Used as a plain <see cref="System.Net.WebSockets.WebSocket"/>
    /// the socket behaves as the BCL's either way. The default value is <see langword="true"/>.
    /// </summary>
    public bool ExactCloseFrames { get; init; } = true;

    /// <summary>
    /// Gets whether the peer answers our close frame with its own, in the same virtual frame, as a well-behaved peer does.
    /// It echoes our code and reason (an empty close frame with one), or answers 1002 when our code is one a strict receiver rejects (1004, 1005, 1016-2999,
    /// 5000 and up), as a BCL peer does. When <see langword="false"/>, the peer never answers unless the script sends a close.
    /// The default value is <see langword="true"/>.
    /// </summary>
    public bool AnswersClose { get; init; } = true;

    /// <summary>
    /// Gets how often our side's socket sends a keep-alive PING, in virtual time, as
    /// <see cref="System.Net.WebSockets.WebSocketCreationOptions.KeepAliveInterval"/> does for a BCL socket: the first one
    /// interval after the socket opens, the next one interval after each answered ping.
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> sends none. The default value is
    /// <see cref="TimeSpan.Zero"/> (off), so scripts without keep-alive see no pings.
    /// </summary>
    /// <remarks>
    /// A connection's <c>WebSocketConnectionOptions.KeepAliveInterval</c> configures the <c>ClientWebSocket</c> it makes;
    /// a socket from a factory (this peer) is configured by whoever makes it, so set both when a test wants the two to
    /// agree.
    /// </remarks>
    public TimeSpan KeepAliveInterval { get; init; }

    /// <summary>
    /// Gets how long our side's socket waits for the PONG answering a keep-alive PING before it aborts itself, as
    /// <see cref="System.Net.WebSockets.WebSocketCreationOptions.KeepAliveTimeout"/> does: the state becomes
    /// <see cref="System.Net.WebSockets.WebSocketState.Aborted"/>, the peer records <see cref="SocketAction.Abort"/>, and
    /// pending operations fail with <see cref="OperationCanceledException"/> ("Aborted") whose inner exception is an
    /// <see cref="AggregateException"/> holding a <see cref="System.Net.WebSockets.WebSocketException"/> with
    /// <see cref="System.Net.WebSockets.WebSocketError.Faulted"/>, as .NET 10's managed WebSocket reports it. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> waits for no
    /// PONG. The default value is <see cref="TimeSpan.Zero"/> (off).
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; }

    /// <summary>
    /// Gets whether the peer answers PINGs with a PONG at once, as RFC 6455 requires, while it reads (see
    /// <see cref="PeerAction.StopAnsweringPings"/>). The default value is <see langword="true"/>.
    /// </summary>
    public bool AnswersPings { get; init; } = true;
}
