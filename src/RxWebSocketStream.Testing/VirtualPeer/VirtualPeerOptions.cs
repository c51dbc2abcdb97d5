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
    /// Gets whether the peer answers our close frame with its own, in the same virtual frame, as a well-behaved peer does.
    /// It echoes our code and reason, or answers 1002 when our code is one a strict receiver rejects (1004, 1005, 1016-2999,
    /// 5000 and up), as a BCL peer does. When <see langword="false"/>, the peer never answers unless the script sends a close.
    /// The default value is <see langword="true"/>.
    /// </summary>
    public bool AnswersClose { get; init; } = true;
}
