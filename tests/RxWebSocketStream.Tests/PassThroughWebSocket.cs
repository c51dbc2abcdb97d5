using System.Net.WebSockets;

namespace RxWebSocketStream.Tests;

/// <summary>
/// A <see cref="WebSocket"/> that hands every call to a real one. Test sockets that watch or bend one kind
/// of call (reads, writes) derive from it and override only that.
/// </summary>
internal abstract class PassThroughWebSocket(WebSocket inner) : WebSocket
{
    protected WebSocket Inner { get; } = inner;

    public override WebSocketCloseStatus? CloseStatus => Inner.CloseStatus;

    public override string? CloseStatusDescription => Inner.CloseStatusDescription;

    public override WebSocketState State => Inner.State;

    public override string? SubProtocol => Inner.SubProtocol;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        Inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    // The array overloads go through the memory ones, so a derived socket overrides one method per direction.
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Inner.ReceiveAsync(buffer, cancellationToken);

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, Inner.CloseStatus, Inner.CloseStatusDescription);
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        Inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        Inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => Inner.Abort();

    public override void Dispose() => Inner.Dispose();
}
