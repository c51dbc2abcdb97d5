using System.Reactive.Linq;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

public sealed class ConnectionSmokeTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Echo_SendAndReceive_ThenCloseWithCodeAndReason()
    {
        var id = Guid.NewGuid().ToString();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var received = new List<Message>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sub = ws.Subscribe(received.Add, e => completed.TrySetException(e), () => completed.TrySetResult());

        var open = await ws.Opened.Within();
        Assert.Equal("", open.Protocol);

        await ws.SendAsync(Message.FromText("hello")).Within();
        ws.Sink.OnNext(Message.FromBinary(new byte[] { 1, 2, 3 }));
        ws.Close(new WebSocketCloseInfo(4000, "bye"));

        var closed = await ws.Closed.Within();
        await completed.Task.Within();

        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), closed);
        Assert.Equal([Message.FromText("hello"), Message.FromBinary(new byte[] { 1, 2, 3 })], received);
        Assert.Equal((4000, "bye"), await server.Log(id).CloseReceived.Within());
    }

    [Fact]
    public async Task ReadAllAsync_ReadsUntilPeerCloses()
    {
        var ws = WebSocketConnection.Connect(server.Url("remote-close?send=a,b,c&code=4001&reason=done"));
        var texts = new List<string>();
        await foreach (var m in ws.ReadAllAsync())
        {
            texts.Add(m.Text);
        }

        Assert.Equal(["a", "b", "c"], texts);
        Assert.Equal(new WebSocketCloseInfo(4001, "done"), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_PeerNeverAnswers_AbortsAfterCloseTimeoutWith1006()
    {
        var scheduler = new RxWebSocketStream.Testing.TestScheduler();
        var ws = WebSocketConnection.Connect(server.Url("no-close-answer"), new() { Scheduler = scheduler });
        await ws.Opened.Within();
        ws.Close(new WebSocketCloseInfo(1000));

        scheduler.AdvanceBy(WebSocketConnectionOptions.DefaultCloseTimeout.Ticks);

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, error.CloseCode);
    }
}
