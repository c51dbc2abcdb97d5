using System.Net.WebSockets;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// A real <see cref="ClientWebSocket"/> that never writes on one given thread, the caller's: a write that
/// starts there resumes on the thread pool first. So the connection's send loop leaves the caller's thread
/// at once and runs beside it at full speed, as it does on a busy server now and then.
/// </summary>
internal sealed class OffCallerThreadSocket(ClientWebSocket inner) : WebSocket
{
    private int _callerThread = -1;

    public static async Task<OffCallerThreadSocket> ConnectAsync(Uri url, CancellationToken ct)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(url, ct);
        return new OffCallerThreadSocket(client);
    }

    /// <summary>Names the calling thread as the one that must never write.</summary>
    public void KeepWritesOffThisThread() => Volatile.Write(ref _callerThread, Environment.CurrentManagedThreadId);

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (Environment.CurrentManagedThreadId == Volatile.Read(ref _callerThread))
        {
            await Task.Yield();
        }

        await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => inner.Abort();

    public override void Dispose() => inner.Dispose();
}
