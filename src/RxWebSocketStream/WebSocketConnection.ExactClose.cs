using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// Exact close frames (docs/behaviour.md, "Exact close frames"): an empty close body on the wire for a close without a code, and
/// a peer's empty close reported as 1005. Only a socket that runs over one of the library's own transports can do
/// that; any other socket keeps the BCL's behaviour (1000 with an empty reason, both ways).
/// </summary>
public sealed partial class WebSocketConnection
{
    // The transport of a socket the library made (or the testing kit's virtual socket, which imitates one); null for a
    // socket we did not wrap. Set once, before the connection opens.
    private IExactCloseFrames? _exactCloseFrames;

    /// <summary>
    /// Wraps an open socket, as <see cref="Create(WebSocket, WebSocketConnectionOptions?)"/> does after checking it;
    /// the server package calls it directly with the transport it accepted the socket over.
    /// </summary>
    /// <remarks>The server package also passes the host's logger and meter factories, used when the options name none.</remarks>
    internal static WebSocketConnection CreateOpen(
        WebSocket socket,
        WebSocketConnectionOptions? options,
        IExactCloseFrames? exactCloseFrames,
        ILoggerFactory? hostLoggerFactory = null,
        IMeterFactory? hostMeterFactory = null)
    {
        options ??= new WebSocketConnectionOptions();
        var telemetry = ConnectionTelemetry.Create(options, ConnectionRole.Server, hostLoggerFactory, hostMeterFactory);
        var connection = new WebSocketConnection(options, telemetry) { _exactCloseFrames = exactCloseFrames };
        connection.OnOpen(socket, extensions: string.Empty);
        return connection;
    }

    /// <summary>
    /// Called just before a close frame with no code goes out (ours, or the answer to the peer's empty close): the
    /// transport turns the 1000-with-no-reason frame the socket is about to write into an empty one. Without one,
    /// 1000 with no reason is what goes out, never the 1005 the BCL writes for <see cref="WebSocketCloseStatus.Empty"/>.
    /// </summary>
    private void PrepareCloseWithoutCode() => _exactCloseFrames?.ArmEmptyClose();

    /// <summary>
    /// The code of the close frame the socket has just received: what the socket reports, except that an empty body,
    /// which the BCL reports as 1000 with an empty reason, is <see langword="null"/> (reported as 1005) when the
    /// transport can tell.
    /// </summary>
    private int? ReceivedCloseCode(WebSocket socket) =>
        socket.CloseStatus == WebSocketCloseStatus.NormalClosure
            && string.IsNullOrEmpty(socket.CloseStatusDescription)
            && _exactCloseFrames?.ReceivedEmptyClose == true
            ? null
            : (int?)socket.CloseStatus;
}
