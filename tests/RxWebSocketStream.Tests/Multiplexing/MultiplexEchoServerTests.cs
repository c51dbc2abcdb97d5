using System.Reactive.Subjects;
using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Tests.Server;
using static RxWebSocketStream.Tests.Multiplexing.VirtualLink;

namespace RxWebSocketStream.Tests.Multiplexing;

/// <summary>
/// Multiplex over two real connections to the Kestrel echo server, handed over one after the other as a
/// reconnecting connection will: what each server connection received, and what the topic's subscriber got.
/// </summary>
public sealed class MultiplexEchoServerTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task ASecondConnection_GetsTheLiveTopicsSubscribeMessageOnce_AndItsEchoesAreRouted()
    {
        var connections = new ReplaySubject<WebSocketConnection>(1);
        var (firstId, secondId) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var first = WebSocketConnection.Connect(server.Url("echo", firstId));
        await first.Opened.Within();
        connections.OnNext(first);

        var a = new Recorder();
        using var live = connections.Multiplex(() => Sub("a"), () => Unsub("a"), Of("a")).Subscribe(a);
        connections.Multiplex(() => Sub("b"), () => Unsub("b"), Of("b")).Subscribe(_ => { }).Dispose();
        await first.SendAsync(Message.FromText("a:one")).Within();
        await a.WaitForMessagesAsync(1).Within();
        first.Close();
        await first.Closed.Within();

        var second = WebSocketConnection.Connect(server.Url("echo", secondId));
        await second.Opened.Within();
        connections.OnNext(second);
        await second.SendAsync(Message.FromText("a:two")).Within();
        await a.WaitForMessagesAsync(2).Within();
        Assert.Equal(0, a.TerminalCalls); // the first connection's end was not the topic's

        connections.OnCompleted(); // no connection will follow: the topic ends with the second one
        second.Close();
        await a.Completed.Within();

        await server.Log(secondId).CloseReceived.Within();
        Assert.Equal(["sub:a", "sub:b", "unsub:b", "a:one"], server.Log(firstId).Received.Select(m => m.Text));
        Assert.Equal(["sub:a", "a:two"], server.Log(secondId).Received.Select(m => m.Text));
        Assert.Equal(["a:one", "a:two"], a.Texts);
    }
}
