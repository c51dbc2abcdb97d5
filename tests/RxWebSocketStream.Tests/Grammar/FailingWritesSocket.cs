using System.Net.Sockets;
using System.Net.WebSockets;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// A real socket whose writes (messages and close frames) fail from the moment the test calls
/// <see cref="FailWrites"/>, with the exception the BCL throws when the peer has reset the connection. A
/// real reset reaches the sender only after the kernel has seen the RST; this one is there at once, so a
/// test knows which call meets it.
/// </summary>
internal sealed class FailingWritesSocket(WebSocket inner) : PassThroughWebSocket(inner)
{
    private volatile bool _failing;

    public void FailWrites() => _failing = true;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _failing ? ValueTask.FromException(PeerReset()) : Inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _failing ? Task.FromException(PeerReset()) : Inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _failing ? Task.FromException(PeerReset()) : Inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    // What ManagedWebSocket throws when the stream's write fails with ECONNRESET.
    private static WebSocketException PeerReset() => new(
        WebSocketError.ConnectionClosedPrematurely,
        new IOException("Unable to write data to the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));
}
