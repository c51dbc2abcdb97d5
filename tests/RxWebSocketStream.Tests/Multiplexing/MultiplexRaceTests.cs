using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Tests.Reliability;
using RxWebSocketStream.Tests.Server;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Multiplexing;

/// <summary>
/// Subscribers of one topic racing on eight threads over a real connection to the Kestrel echo server: the
/// reference count changes exactly once per subscriber, so what reaches the server is one subscribe message per
/// time the topic came alive and one unsubscribe message per time it died, in that order.
/// </summary>
public sealed class MultiplexRaceTests(TestServer server, ITestOutputHelper output) : IClassFixture<TestServer>
{
    private const int Threads = 8;

    [Fact]
    public async Task EightSubscribersArrivingAndLeavingTogether_PutOneSubscribeAndOneUnsubscribeOnTheWire()
    {
        var (ws, id, holder) = await OpenAsync();
        var topic = ws.Multiplex(() => VirtualLink.Sub("a"), () => VirtualLink.Unsub("a"), VirtualLink.Of("a"));
        var subscriptions = new IDisposable[Threads];
        await StartLine.RunTogether(Threads, thread => subscriptions[thread] = topic.Subscribe(_ => { })).Within();
        await StartLine.RunTogether(Threads, thread => subscriptions[thread].Dispose()).Within();

        Assert.Equal(["sub:a", "unsub:a"], await ServerReceivedAsync(ws, id, holder));
    }

    [Fact]
    public async Task EightThreadsSubscribingAndLeavingOverAndOver_AlternateSubscribeAndUnsubscribeOnTheWire()
    {
        const int cycles = 200;
        var (ws, id, holder) = await OpenAsync();

        // Each message function gives up its core: a multiplexer that decided to send outside its lock would let another
        // thread's message overtake this one there (checked: sending the unsubscribe message after the lock broke the
        // order in every run; without the yields it went unnoticed).
        var topic = ws.Multiplex(
            () => { _ = Thread.Yield(); return VirtualLink.Sub("a"); },
            () => { _ = Thread.Yield(); return VirtualLink.Unsub("a"); },
            VirtualLink.Of("a"));

        // Every thread is released again each cycle: left alone, each would run its cycles within one time slice and
        // the threads would take turns instead of racing.
        var rounds = Enumerable.Range(0, cycles).Select(_ => new StartLine(Threads)).ToArray();
        await StartLine.RunTogether(Threads, _ =>
        {
            for (var i = 0; i < cycles; i++)
            {
                rounds[i].ArriveAndWait();
                topic.Subscribe(_ => { }).Dispose();
            }
        }).Within();
        Array.ForEach(rounds, round => round.Dispose());

        var received = await ServerReceivedAsync(ws, id, holder);
        output.WriteLine($"{received.Count / 2} lives of the topic in {Threads * cycles} subscriptions");

        // The topic came alive and died at least once; every life is one subscribe then one unsubscribe.
        Assert.NotEmpty(received);
        Assert.Equal(0, received.Count % 2);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? "sub:a" : "unsub:a", received[i]);
        }
    }

    private async Task<(WebSocketConnection Ws, string Id, IDisposable Holder)> OpenAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var holder = ws.Subscribe(_ => { }); // reads the echoes and keeps the connection open between topic lives
        await ws.Opened.Within();
        return (ws, id, holder);
    }

    /// <summary>Closes, then reads the server's log: it logs each message before our close frame.</summary>
    private async Task<IReadOnlyList<string>> ServerReceivedAsync(WebSocketConnection ws, string id, IDisposable holder)
    {
        ws.Close();
        await ws.Closed.Within();
        holder.Dispose();
        var log = server.Log(id);
        await log.CloseReceived.Within();
        return [.. log.Received.Select(m => m.Text)];
    }
}
