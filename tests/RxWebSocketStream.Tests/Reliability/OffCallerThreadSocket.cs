using System.Net.WebSockets;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// A real <see cref="ClientWebSocket"/> that never writes on one given thread, the caller's: a write that
/// starts there resumes on the thread pool first. So the connection's send loop leaves the caller's thread
/// at once and runs beside it at full speed, as it does on a busy server now and then.
/// </summary>
internal sealed class OffCallerThreadSocket(ClientWebSocket inner) : PassThroughWebSocket(inner)
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

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (Environment.CurrentManagedThreadId == Volatile.Read(ref _callerThread))
        {
            await Task.Yield();
        }

        await Inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }
}
