using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Reliability;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>
/// RFC 6455 5.5.2: a PING must be answered, subscriber or not. A connection that nobody subscribes to (a send-only
/// client, a push-only server handler) still processes control frames (answers pings, sees pongs and the peer's
/// close) up to the first data frame, and reads no message before someone asks.
/// </summary>
/// <remarks>
/// Runs alone: the real-socket cases count on the BCL's PONG being processed on a thread-pool thread within the
/// keep-alive timeout, and tests elsewhere in this assembly deliberately block pool threads (held OnNext calls). In a
/// full run beside them the first PONG was, twice in five runs, not processed within 2-5 s, and the socket aborted
/// itself as dead (the suspected cause; not proven). Filtered runs of this class alone passed every time.
/// </remarks>
[Collection(RunsAloneCollection.Name)]
public sealed class ControlFramesWithoutSubscriberTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void VirtualKeepAlive_SendOnlyConnection_PeerAnswers_StaysOpenForTenPeriods()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { KeepAliveInterval = Interval, KeepAliveTimeout = Timeout });
        var ws = Connect(scheduler, peer);

        for (var i = 0; i < 10; i++)
        {
            _ = ws.SendAsync(Message.FromText($"tick {i}"));
            scheduler.AdvanceBy(Interval.Ticks);
        }

        Assert.False(ws.Closed.IsCompleted, "A peer that answers every ping is alive, whether or not anyone subscribes.");
        Assert.Equal(10, peer.ReceivedActions.Count(a => a == SocketAction.Ping));
        Assert.Equal(10, peer.ReceivedActions.Count(a => a.Kind == SocketActionKind.Text));
    }

    [Fact]
    public async Task VirtualKeepAlive_UnreadMessageAheadOfThePong_AbortNamesTheStall()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { KeepAliveInterval = Interval, KeepAliveTimeout = Timeout });
        var ws = Connect(scheduler, peer);
        scheduler.AdvanceBy(1);

        // A message nobody asks for sits ahead of the PONG: it is not read (no subscriber), so the PONG is never seen,
        // and the socket aborts itself. Nothing is pending on it, so the connection learns of it when someone asks.
        PerformAt(scheduler, peer, 10, PeerAction.Text("unread"));
        scheduler.AdvanceBy(Interval.Ticks + Timeout.Ticks);
        Assert.Equal([SocketAction.Ping, SocketAction.Abort], peer.ReceivedActions);
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        Assert.Contains("waiting for a subscriber or ReadAllAsync consumer", error.Message, StringComparison.Ordinal);
        Assert.Same(error, await recorder.Error.Within());
    }

    [Fact]
    public void VirtualPeer_MessageBeforeTheFirstSubscriber_IsDeliveredToIt_NotLost()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = Connect(scheduler, peer);
        PerformAt(scheduler, peer, 10, PeerAction.Text("early"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        Assert.Empty(peer.ReceivedActions);

        var recorder = new Recorder();
        ws.Subscribe(recorder);
        Assert.Equal([Message.FromText("early")], recorder.Messages);
    }

    [Fact]
    public async Task RealSocket_PeerPingsAClientWithoutSubscribers_GetsItsPong()
    {
        await using var rawPeer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(rawPeer.Url, new() { KeepAliveInterval = System.Threading.Timeout.InfiniteTimeSpan });
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();

        for (var i = 0; i < 10; i++)
        {
            var payload = Encoding.ASCII.GetBytes($"ping {i}");
            await raw.SendAsync(Opcode.Ping, payload);
            var pong = await raw.ReadAsync().Within();
            Assert.Equal(Opcode.Pong, pong?.Opcode);
            Assert.Equal(payload, pong!.Payload);
        }

        Assert.False(ws.Closed.IsCompleted);
    }

    [Fact]
    public async Task RealSocket_SendOnlyClientWithShortKeepAlive_PeerAnswers_StaysOpenAcrossTenPings()
    {
        await using var rawPeer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(rawPeer.Url, new()
        {
            // Short periods, and a timeout generous enough for a loaded 2-core machine: only an unseen PONG trips it.
            // The BCL sends the next PING only after the last one's PONG, so an unseen PONG stops the count at one.
            KeepAliveInterval = TimeSpan.FromMilliseconds(50),
            KeepAliveTimeout = TimeSpan.FromSeconds(5),
        });
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();

        // The BCL sends each PING one interval after the last: ten answered pings are ten keep-alive periods. Each
        // PONG must be seen by our side, which nobody subscribes to, or the socket aborts itself as dead.
        var texts = 0;
        for (var pings = 0; pings < 10;)
        {
            _ = ws.SendAsync(Message.FromText("tick"));
            var frame = await raw.ReadAsync().Within();
            if (frame?.Opcode == Opcode.Ping)
            {
                await raw.SendAsync(Opcode.Pong, frame.Payload);
                pings++;
            }
            else
            {
                Assert.Equal(Opcode.Text, frame?.Opcode);
                texts++;
            }
        }

        Assert.False(ws.Closed.IsCompleted, "A send-only client whose peer answers every ping must stay open.");
        await ws.SendAsync(Message.FromText("still open")).Within();
        Assert.True(texts > 0);
    }

    [Fact]
    public async Task RealSocket_PeerClosesAClientWithoutSubscribers_TheCloseIsAnsweredAndClean()
    {
        await using var rawPeer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(rawPeer.Url);
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();

        await raw.SendCloseAsync(4000, "bye");

        var answer = await raw.ReadCloseAsync().Within();
        Assert.Equal(4000, answer.CloseCode);
        raw.Dispose();
        var closed = await ws.Closed.Within();
        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), closed);
    }

    [Fact]
    public async Task RealSocket_DataBeforeTheFirstSubscriber_StaysUnreadUntilItSubscribes_ThenArrivesInOrder()
    {
        await using var rawPeer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(rawPeer.Url);
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();

        // An empty message first: an empty read consumes it whole, and it must still reach the first subscriber.
        await raw.SendAsync(Opcode.Text, ReadOnlyMemory<byte>.Empty);
        await raw.SendTextAsync("one");
        await raw.SendTextAsync("two");

        var recorder = new Recorder();
        ws.Subscribe(recorder);

        await recorder.WaitForMessagesAsync(3).Within();
        Assert.Equal([Message.FromText(string.Empty), Message.FromText("one"), Message.FromText("two")], recorder.Messages);
    }

    // Inside a scheduler action, as a scripted peer acts: the connection then continues inline, deterministically.
    private static void PerformAt(TestScheduler scheduler, VirtualPeer peer, long ticks, PeerAction action) =>
        scheduler.ScheduleAbsolute(action, ticks, (_, a) =>
        {
            peer.Perform(a);
            return System.Reactive.Disposables.Disposable.Empty;
        });

    private static WebSocketConnection Connect(TestScheduler scheduler, VirtualPeer peer) =>
        WebSocketConnection.Connect(new Uri("ws://virtual/"), new() { Scheduler = scheduler, SocketFactory = peer.ConnectAsync });
}
