namespace RxWebSocketStream.Internal;

/// <summary>Which end of the connection we are, for the <c>rxws.role</c> attribute (docs/observability.md).</summary>
internal enum ConnectionRole
{
    /// <summary>Made by <see cref="WebSocketConnection.Connect"/>.</summary>
    Client,

    /// <summary>Wrapped by <see cref="WebSocketConnection.Create"/> or accepted by the ASP.NET Core package.</summary>
    Server,
}
