using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>Application shutdown: 1001 going away to every open connection, then an abort after the close timeout.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StopAsync_OpenConnections_Closed1001AndASilentPeerAbortedAfterTheVirtualCloseTimeout()
    {
        // The close timeout runs on a virtual clock: only AdvanceBy below can make it expire.
        var scheduler = new TestScheduler();
        var serverSide = new ConcurrentQueue<WebSocketConnection>();
        var accepted = new SemaphoreSlim(0);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn =>
            {
                serverSide.Enqueue(conn);
                conn.Subscribe(conn.Sink);
                accepted.Release();
            },
            new WebSocketServerOptions { Connection = new WebSocketConnectionOptions { Scheduler = scheduler, CloseTimeout = CloseTimeout } }));

        using var polite = await Clients.ConnectAsync(server.Ws("ws"));
        await accepted.WaitAsync().Within();
        var politeServer = Assert.Single(serverSide);
        await using var silent = await RawClient.HandshakeAsync(server.Ws("ws"));
        await accepted.WaitAsync().Within();
        var silentServer = serverSide.Last();

        var stop = server.StopAsync();

        // The polite client hears 1001 going away and answers it: that connection ends cleanly.
        var (code, reason) = await polite.ReceiveCloseAsync();
        await polite.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, reason, CancellationToken.None).Within();
        Assert.Equal((1001, "server shutting down"), (code, reason));
        Assert.Equal(new WebSocketCloseInfo(1001, "server shutting down"), await politeServer.Closed.Within());

        // The silent client gets the same close frame and never answers: shutdown waits for it...
        var frame = await silent.ReadFrameAsync().Within();
        Assert.Equal(0x8, frame!.Value.Opcode);
        Assert.Equal(1001, BinaryPrimitives.ReadUInt16BigEndian(frame.Value.Payload));
        Assert.Equal("server shutting down", Encoding.UTF8.GetString(frame.Value.Payload.AsSpan(2)));
        Assert.False(stop.IsCompleted);
        Assert.False(silentServer.Closed.IsCompleted);

        // ...until the close timeout, on the connection's scheduler, aborts it.
        scheduler.AdvanceBy(CloseTimeout.Ticks - 1);
        Assert.False(silentServer.Closed.IsCompleted);
        scheduler.AdvanceBy(1);

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => silentServer.Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        await silent.WaitForDropAsync().Within();
        await stop.Within();
    }

    [Fact]
    public async Task StopAsync_NoConnections_FinishesAtOnce()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);

        await server.StopAsync().Within();
    }

    [Fact]
    public async Task StopAsync_LibraryClient_SeesACleanClose1001()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        var client = WebSocketConnection.Connect(server.Ws("echo"));
        await client.Opened.Within();
        client.Subscribe(_ => { }, _ => { });

        // The library answers the server's close with the same code and reason, so both ends close cleanly.
        var stop = server.StopAsync();

        Assert.Equal(new WebSocketCloseInfo(1001, "server shutting down"), await client.Closed.Within());
        await stop.Within();
    }
}
