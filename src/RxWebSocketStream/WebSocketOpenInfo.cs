namespace RxWebSocketStream;

/// <summary>
/// What the opening handshake negotiated, as the browser's <c>WebSocketStream.opened</c> reports it.
/// </summary>
/// <param name="Protocol">The sub-protocol the server selected, or the empty string when none.</param>
/// <param name="Extensions">The extensions in use (for example <c>permessage-deflate</c>), or the empty string when none.</param>
public sealed record WebSocketOpenInfo(string Protocol, string Extensions);
