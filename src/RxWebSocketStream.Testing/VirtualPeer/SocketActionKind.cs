namespace RxWebSocketStream.Testing;

/// <summary>What our side did to a <see cref="VirtualWebSocket"/>, as its <see cref="VirtualPeer"/> saw it.</summary>
public enum SocketActionKind
{
    /// <summary>A complete text message (all its fragments).</summary>
    Text,

    /// <summary>A complete binary message (all its fragments).</summary>
    Binary,

    /// <summary>A close frame sent by <see cref="System.Net.WebSockets.WebSocket.CloseAsync"/>, which then waits for the peer's close.</summary>
    Close,

    /// <summary>
    /// A close frame sent by <see cref="System.Net.WebSockets.WebSocket.CloseOutputAsync"/>, or by the socket itself when
    /// the peer broke the protocol (1002, or 1007 for invalid UTF-8 text), as the BCL does.
    /// </summary>
    CloseOutput,

    /// <summary><see cref="System.Net.WebSockets.WebSocket.Abort"/> was called, by our code or by the socket (a cancelled operation).</summary>
    Abort,

    /// <summary>A keep-alive PING the socket sent by itself (<see cref="VirtualPeerOptions.KeepAliveInterval"/>).</summary>
    Ping,
}
