using System.Net.WebSockets;

namespace RxWebSocketStream.Tests;

/// <summary>
/// A real <see cref="ClientWebSocket"/> behind a wrapper that checks the pull contract of
/// <see cref="WebSocketConnection.ReadAllAsync"/>: a read may start only while the consumer is waiting for a
/// message that has not yet been read whole. The test says when it asks (<see cref="Ask"/>); the wrapper
/// counts reads that started without demand, deterministically, with no clock.
/// </summary>
internal sealed class DemandTrackingSocket(ClientWebSocket inner) : PassThroughWebSocket(inner)
{
    private int _asked;
    private int _read;
    private int _readsWithoutDemand;

    /// <summary>How many socket reads started while nobody was asking for a message.</summary>
    public int ReadsWithoutDemand => Volatile.Read(ref _readsWithoutDemand);

    public static async Task<WebSocket> ConnectAsync(Uri url, CancellationToken ct, Action<DemandTrackingSocket> created)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(url, ct);
        var socket = new DemandTrackingSocket(client);
        created(socket);
        return socket;
    }

    /// <summary>Call just before each <c>MoveNextAsync</c> of the consumer.</summary>
    public void Ask() => Interlocked.Increment(ref _asked);

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // An empty read consumes nothing: it lets the socket answer pings while nobody asks for a message.
        if (!buffer.IsEmpty && Volatile.Read(ref _read) >= Volatile.Read(ref _asked))
        {
            Interlocked.Increment(ref _readsWithoutDemand);
        }

        var result = await Inner.ReceiveAsync(buffer, cancellationToken);
        if (result.EndOfMessage && result.MessageType != WebSocketMessageType.Close)
        {
            Interlocked.Increment(ref _read);
        }

        return result;
    }
}
