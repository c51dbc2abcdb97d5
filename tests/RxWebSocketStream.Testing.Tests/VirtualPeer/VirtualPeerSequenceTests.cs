using System.Net.WebSockets;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using static RxWebSocketStream.Testing.ReactiveTest;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// <see cref="VirtualPeerSequence"/>: one scripted peer per attempt of a <see cref="ReconnectingConnection"/>, in virtual
/// time. The policy waits half of each back-off ceiling (100 ms, 200 ms, ...), so the first reconnect comes 50 ms after
/// an end.
/// </summary>
public sealed class VirtualPeerSequenceTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    private static readonly Dictionary<char, PeerAction> Legend = new()
    {
        ['a'] = PeerAction.Text("a"),
        ['b'] = PeerAction.Text("b"),
    };

    [Fact]
    public void Sequence_SessionReconnects_EachAttemptGetsTheNextPeerWithItsScriptFromItsConnect()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        peers.Add("--a--#", Legend);    // attempt 1: "a" at 2 ms, dropped at 5 ms
        peers.Add("-b", Legend);        // attempt 2, 50 ms after the drop: "b" 1 ms after it connects
        using var session = ReconnectingConnection.Create(peers.Connect, Options(scheduler));
        var texts = scheduler.CreateObserver<string>();
        using var subscription = session.Select(m => m.Text).Subscribe(texts);

        scheduler.AdvanceTo(200 * Ms);

        Assert.Equal([OnNext(2 * Ms, "a"), OnNext(56 * Ms, "b")], texts.Messages);
        Assert.Equal([0, 55 * Ms], peers.ConnectTimes);
        Assert.Equal(2, peers.AttemptCount);
    }

    [Fact]
    public void Doc_ReconnectingSession()
    {
        var m = new MarbleTest();
        var peers = new VirtualPeerSequence(m.Scheduler);
        var says = new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text("a"), ['b'] = PeerAction.Text("b") };
        peers.Add("--a--#", says);     // attempt 1: "a" at 2 ms, then the connection drops at 5 ms
        peers.Add("-b", says);         // attempt 2: "b" 1 ms after it connects
        using var session = ReconnectingConnection.Create(peers.Connect, new ReconnectingConnectionOptions
        {
            Scheduler = m.Scheduler,
            Policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), Jitter = () => 0.5 }, // waits 50 ms
        });

        m.ExpectObservable(session.Select(message => message.Text), "^ 199ms !").ToBe("--a 53ms b", ('a', "a"), ('b', "b"));
        m.Run();

        Assert.Equal([0, TimeSpan.FromMilliseconds(55).Ticks], peers.ConnectTimes);
        Assert.Equal(2, peers.AttemptCount);
    }

    [Fact]
    public void Sequence_EachPeer_RecordsOnlyWhatWasSentWhileItWasConnected()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        peers.Add("-----#", Legend);
        peers.Add("------", Legend);
        var session = ReconnectingConnection.Create(peers.Connect, Options(scheduler));
        session.Start();
        At(scheduler, 3 * Ms, () => _ = session.SendAsync(Message.FromText("x")));
        At(scheduler, 60 * Ms, () => _ = session.SendAsync(Message.FromText("y")));
        At(scheduler, 70 * Ms, () => session.Close(new WebSocketCloseInfo(4000, "done")));

        scheduler.AdvanceTo(200 * Ms);

        Assert.Equal(SocketAction.TextMessage("x"), peers.Peers[0].ReceivedActions[0]);
        Assert.DoesNotContain(SocketAction.TextMessage("y"), peers.Peers[0].ReceivedActions);
        Assert.Equal(
            [SocketAction.TextMessage("y"), SocketAction.CloseOutput((WebSocketCloseStatus)4000, "done")],
            peers.Peers[1].ReceivedActions.Take(2));
    }

    [Fact]
    public void Sequence_PeerWhoseHandshakeFails_CountsAsAnAttempt()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        var refused = peers.Add(new VirtualPeerOptions { HandshakeFailure = new WebSocketException("refused") });
        peers.Add("-a", Legend);
        using var session = ReconnectingConnection.Create(peers.Connect, Options(scheduler));
        var texts = scheduler.CreateObserver<string>();
        using var subscription = session.Select(m => m.Text).Subscribe(texts);

        scheduler.AdvanceTo(200 * Ms);

        Assert.Equal([OnNext(51 * Ms, "a")], texts.Messages);
        Assert.Equal([0, 50 * Ms], peers.ConnectTimes);
        Assert.Equal(peers.Url, refused.RequestedUri);
    }

    [Fact]
    public void Sequence_MoreAttemptsThanPeers_TheClockThrowsNamingTheAttemptAndTheCount()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        peers.Add("-#", Legend);
        peers.Add("--#", Legend);
        using var session = ReconnectingConnection.Create(peers.Connect, Options(scheduler));
        session.Start();

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.AdvanceTo(1_000 * Ms));

        Assert.Equal(
            "Connection attempt 3 found no peer: the sequence has 2 peers, one per attempt. Add a peer for every attempt the test expects, or stop the session earlier.",
            error.Message);
        Assert.Equal(3, peers.AttemptCount);
        Assert.Equal(2, peers.ConnectTimes.Count);
    }

    [Fact]
    public void Sequence_NoPeerAtAll_FirstAttemptIsNamed()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        using var session = ReconnectingConnection.Create(peers.Connect, Options(scheduler));
        session.Start();

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.AdvanceTo(1 * Ms));

        Assert.StartsWith("Connection attempt 1 found no peer: the sequence has 0 peers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequence_AsSocketFactory_HandsOutPeersInOrder()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peers = new VirtualPeerSequence(scheduler);
        var first = peers.Add();
        var second = peers.Add();
        var url = new Uri("ws://example.test/feed");

        var one = peers.ConnectAsync(url, ["v1"], CancellationToken.None);
        var two = peers.ConnectAsync(url, null, CancellationToken.None);

        Assert.Same(first.Socket, await one);
        Assert.Same(second.Socket, await two);
        Assert.Equal(["v1"], first.RequestedSubProtocols);
    }

    [Fact]
    public void Sequence_BadArguments_Throw()
    {
        var peers = new VirtualPeerSequence(new TestScheduler());

        Assert.Throws<ArgumentNullException>("scheduler", () => new VirtualPeerSequence(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => peers.Add(null!, Legend));
        Assert.Throws<ArgumentNullException>("legend", () => peers.Add("-a", null!));
        Assert.Throws<MarbleSyntaxException>(() => peers.Add("-z", Legend));
        Assert.Throws<ArgumentNullException>("attempt", () => peers.Connect(null!));
        Assert.Throws<ArgumentNullException>("uri", () => { _ = peers.ConnectAsync(null!, null, CancellationToken.None); });
        Assert.Empty(peers.Peers); // a bad script adds no peer
    }

    private static void At(TestScheduler scheduler, long ticks, Action action) =>
        scheduler.ScheduleAbsolute(action, ticks, static (_, a) =>
        {
            a();
            return Disposable.Empty;
        });

    private static ReconnectingConnectionOptions Options(TestScheduler scheduler) => new()
    {
        Scheduler = scheduler,
        Policy = new ReconnectPolicy
        {
            InitialDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            Jitter = () => 0.5,
        },
    };
}
