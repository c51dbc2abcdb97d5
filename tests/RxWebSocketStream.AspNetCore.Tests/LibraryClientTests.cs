using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>The library's own client against the library's own server.</summary>
public sealed class LibraryClientTests
{
    [Fact]
    public async Task Connect_ToMappedEndpoint_NegotiatesEchoesAndClosesCleanlyOnBothEnds()
    {
        var serverSide = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/echo",
            conn =>
            {
                conn.Subscribe(conn.Sink);
                serverSide.SetResult(conn);
            },
            new WebSocketServerOptions { SubProtocols = ["v2", "v1"] }));

        await using var client = WebSocketConnection.Connect(server.Ws("echo"), new WebSocketConnectionOptions { Protocols = ["v1", "v2"] });
        // Take(2) unsubscribes after the second message; were it the last subscriber, that would close the
        // connection with 1000 (docs/behaviour.md ("Closing")), racing the Close(4000) below. This subscription keeps it open.
        using var keepOpen = client.Subscribe(_ => { });
        var received = client.Take(2).ToList().ToTask();
        client.Sink.OnNext(Message.FromText("hello"));
        await client.SendAsync(Message.FromBinary([1, 2, 3])).Within();
        var messages = await received.Within();
        client.Close(new WebSocketCloseInfo(4000, "bye"));

        Assert.Equal("v2", (await client.Opened.Within()).Protocol);
        Assert.Equal([Message.FromText("hello"), Message.FromBinary([1, 2, 3])], messages);
        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await client.Closed.Within());
        var accepted = await serverSide.Task.Within();
        Assert.Equal("v2", (await accepted.Opened.Within()).Protocol);
        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await accepted.Closed.Within());
    }
}
