namespace RxWebSocketStream.Internal;

/// <summary>
/// What a transport under a <see cref="System.Net.WebSockets.WebSocket"/> can do about close frames that the
/// socket's own API cannot: put an empty close frame on the wire, and tell a peer's empty close frame apart from
/// one carrying 1000. The BCL's socket can do neither (it writes 1005 for <c>WebSocketCloseStatus.Empty</c>, which
/// RFC 6455 forbids, and reports an empty close body as 1000), so a connection whose socket runs over one of our
/// transports asks it; a socket we did not wrap has none, and the connection keeps the BCL's behaviour
/// (docs/behaviour.md, "Exact close frames").
/// </summary>
internal interface IExactCloseFrames
{
    /// <summary>
    /// Makes the next close frame the socket writes with 1000 and no reason go out with an empty body instead. The
    /// caller then closes with 1000 and no reason, never with <c>WebSocketCloseStatus.Empty</c>: should the rewrite
    /// not happen, the peer still gets a valid close frame.
    /// </summary>
    void ArmEmptyClose();

    /// <summary>
    /// Whether the close frame the socket has just received had an empty body. Asked only when the socket reported
    /// 1000 with an empty reason, the one report an empty body and a real 1000 share.
    /// </summary>
    bool ReceivedEmptyClose { get; }
}
