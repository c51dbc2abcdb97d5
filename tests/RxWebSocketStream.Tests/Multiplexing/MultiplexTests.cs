using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Testing;
using static RxWebSocketStream.Tests.Multiplexing.VirtualLink;

namespace RxWebSocketStream.Tests.Multiplexing;

/// <summary>
/// Multiplex in virtual time over a virtual peer: reference counting per topic, routing through the filters,
/// re-subscription on a new connection, and how topics end with the connection.
/// </summary>
public sealed class MultiplexTests
{
    private readonly TestScheduler _scheduler = new(TestSchedulerMode.Marble);

    [Fact]
    public void TwoSubscribersOfATopic_SendOneSubscribe_AndOneUnsubscribeWhenTheLastLeaves()
    {
        var link = new VirtualLink(_scheduler);
        IDisposable first = null!, second = null!;
        var afterFirstLeft = new List<string>();
        At(1, () => first = Topic(link, "a").Subscribe(_ => { }));
        At(2, () => second = Topic(link, "a").Subscribe(_ => { })); // a separate call: same subscribe message, same topic
        At(3, () => first.Dispose());
        At(4, () => afterFirstLeft.AddRange(link.WireTexts));
        At(5, () => second.Dispose());
        _scheduler.Start();

        Assert.Equal(["sub:a"], afterFirstLeft);
        Assert.Equal(["sub:a", "unsub:a"], link.WireTexts);

        // The multiplexer was the connection's only subscriber: releasing it closed the connection, after the
        // unsubscribe message (queued messages are flushed before the close frame).
        Assert.Equal(SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure), link.Peer.ReceivedActions[2]);
    }

    [Fact]
    public void ANewFirstSubscriberAfterTheLastLeft_SendsTheSubscribeMessageAgain()
    {
        var link = new VirtualLink(_scheduler);
        using var holder = link.Connection.Subscribe(_ => { }); // keeps the connection open between topics
        IDisposable first = null!;
        At(1, () => first = Topic(link, "a").Subscribe(_ => { }));
        At(2, () => first.Dispose());
        At(3, () => Topic(link, "a").Subscribe(_ => { }));
        _scheduler.Start();

        Assert.Equal(["sub:a", "unsub:a", "sub:a"], link.WireTexts);
    }

    [Fact]
    public void TwoTopics_AreCountedApart()
    {
        var link = new VirtualLink(_scheduler);
        using var holder = link.Connection.Subscribe(_ => { });
        IDisposable a = null!, b1 = null!;
        At(1, () => a = Topic(link, "a").Subscribe(_ => { }));
        At(2, () => b1 = Topic(link, "b").Subscribe(_ => { }));
        At(3, () => Topic(link, "b").Subscribe(_ => { }));
        At(4, () => a.Dispose());
        At(5, () => b1.Dispose());
        _scheduler.Start();

        Assert.Equal(["sub:a", "sub:b", "unsub:a"], link.WireTexts);
    }

    [Fact]
    public void EachSubscriberGetsOnlyTheMessagesItsFilterAccepts()
    {
        var link = new VirtualLink(_scheduler);
        var a = new List<string>();
        var b = new List<string>();
        var odd = new List<string>();
        At(1, () => Topic(link, "a").Subscribe(m => a.Add(m.Text)));
        At(1, () => Topic(link, "b").Subscribe(m => b.Add(m.Text)));

        // Same subscribe message as topic a (so no second sub:a), but its own filter.
        At(1, () => link.Connection.Multiplex(() => Sub("a"), () => Unsub("a"), m => m.Text.EndsWith('1')).Subscribe(m => odd.Add(m.Text)));
        link.Peer.Script(
            new Recorded<PeerAction>(2 * Ms, PeerAction.Text("a:1")),
            new Recorded<PeerAction>(3 * Ms, PeerAction.Text("b:1")),
            new Recorded<PeerAction>(4 * Ms, PeerAction.Text("c:1")),
            new Recorded<PeerAction>(5 * Ms, PeerAction.Text("a:2")));
        _scheduler.Start();

        Assert.Equal(["a:1", "a:2"], a);
        Assert.Equal(["b:1"], b);
        Assert.Equal(["a:1", "b:1", "c:1"], odd);
        Assert.Equal(["sub:a", "sub:b"], link.WireTexts);
    }

    [Fact]
    public void ANewConnection_GetsTheSubscribeMessageOfEachLiveTopicOnce_AndNotOfDeadOnes()
    {
        // Replays the latest connection, as a reconnecting connection's stream would: the topics subscribe after it opened.
        var connections = new ReplaySubject<WebSocketConnection>(1);
        var first = new VirtualLink(_scheduler);
        var second = new VirtualLink(_scheduler);
        var received = new List<string>();
        var ends = 0;
        IDisposable dead = null!;
        At(1, () => connections.OnNext(first.Connection));
        At(2, () => connections.Multiplex(() => Sub("a"), () => Unsub("a"), Of("a")).Subscribe(m => received.Add(m.Text), _ => ends++, () => ends++));
        At(2, () => connections.Multiplex(() => Sub("a"), () => Unsub("a"), Of("a")).Subscribe(_ => { }));
        At(3, () => dead = connections.Multiplex(() => Sub("b"), () => Unsub("b"), Of("b")).Subscribe(_ => { }));
        At(4, () => dead.Dispose());
        first.Peer.Script(new Recorded<PeerAction>(5 * Ms, PeerAction.Drop()));
        At(6, () => connections.OnNext(second.Connection));
        second.Peer.Script(new Recorded<PeerAction>(7 * Ms, PeerAction.Text("a:after")));
        _scheduler.Start();

        Assert.Equal(["sub:a", "sub:b", "unsub:b"], first.WireTexts);
        Assert.Equal(["sub:a"], second.WireTexts);
        Assert.Equal(["a:after"], received);
        Assert.Equal(0, ends); // the first connection's drop is not the topic's end: another connection followed
    }

    [Fact]
    public void AConnectionThatEndedMeanwhile_GetsNoSubscribeMessage_AndItsDropIsNotTheEnd()
    {
        var connections = new Subject<WebSocketConnection>();
        var first = new VirtualLink(_scheduler);
        var second = new VirtualLink(_scheduler);
        IDisposable topic = null!;
        var unsubscribeCalls = 0;
        At(1, () => topic = connections.Multiplex(() => Sub("a"), () => { unsubscribeCalls++; return Unsub("a"); }, Of("a")).Subscribe(_ => { }));
        At(2, () => connections.OnNext(first.Connection));
        first.Peer.Script(new Recorded<PeerAction>(3 * Ms, PeerAction.Drop()));
        At(4, () => topic.Dispose()); // between connections: nobody to tell
        At(5, () => connections.Multiplex(() => Sub("c"), () => Unsub("c"), Of("c")).Subscribe(_ => { }));
        At(6, () => connections.OnNext(second.Connection));
        _scheduler.Start();

        Assert.Equal(["sub:a"], first.WireTexts);
        Assert.Equal(["sub:c"], second.WireTexts);
        Assert.Equal(0, unsubscribeCalls); // not even made: the multiplexer knows the connection ended
    }

    [Fact]
    public void TheConnectionClosingCleanly_CompletesEverySubscriber_AndNoUnsubscribeFollows()
    {
        var link = new VirtualLink(_scheduler);
        var completed = 0;
        var unsubscribeCalls = 0;
        IDisposable a = null!;
        At(1, () => a = link.Connection.Multiplex(() => Sub("a"), () => { unsubscribeCalls++; return Unsub("a"); }, Of("a")).Subscribe(_ => { }, () => completed++));
        At(1, () => Topic(link, "b").Subscribe(_ => { }, () => completed++));
        link.Peer.Script(new Recorded<PeerAction>(2 * Ms, PeerAction.Close(WebSocketCloseStatus.NormalClosure, "bye")));
        At(3, () => a.Dispose());
        _scheduler.Start();

        Assert.Equal(2, completed);
        Assert.Equal(["sub:a", "sub:b"], link.WireTexts);
        Assert.Equal(0, unsubscribeCalls); // the topics ended with the connection: nobody was left to leave
    }

    [Fact]
    public void TheConnectionFailing_FailsEverySubscriberWithTheConnectionsError()
    {
        var link = new VirtualLink(_scheduler);
        var errors = new List<Exception>();
        At(1, () => Topic(link, "a").Subscribe(_ => { }, errors.Add));
        At(1, () => Topic(link, "a").Subscribe(_ => { }, errors.Add));
        link.Peer.Script(new Recorded<PeerAction>(2 * Ms, PeerAction.Drop()));
        _scheduler.Start();

        Assert.Equal(2, errors.Count);
        var error = Assert.IsType<WebSocketConnectionException>(errors[0]);
        Assert.Equal(1006, error.CloseCode);
        Assert.Same(link.Connection.Closed.Exception!.InnerException, error);
        Assert.Same(error, errors[1]);
    }

    [Fact]
    public void TheLastSubscriberLeavingWhileWeAreClosing_SendsNoUnsubscribe()
    {
        var link = new VirtualLink(_scheduler, new VirtualPeerOptions { AnswersClose = false });
        IDisposable a = null!;
        At(1, () => a = Topic(link, "a").Subscribe(_ => { }));
        At(2, () => link.Connection.Close());
        At(3, () => a.Dispose());
        _scheduler.AdvanceTo(4 * Ms);

        Assert.Equal(["sub:a"], link.WireTexts);
        Assert.Equal(SocketAction.EmptyClose(), link.Peer.ReceivedActions[^1]);
    }

    [Fact]
    public void SubscribingAfterTheConnectionEnded_ReplaysTheEnd_AndSendsNothing()
    {
        var link = new VirtualLink(_scheduler);
        Exception? error = null;
        link.Peer.Script(new Recorded<PeerAction>(1 * Ms, PeerAction.Drop()));
        At(1, () => link.Connection.Subscribe(_ => { }, _ => { })); // reads, so the drop is seen
        At(2, () => Topic(link, "a").Subscribe(_ => { }, e => error = e));
        _scheduler.Start();

        Assert.IsType<WebSocketConnectionException>(error);
        Assert.Empty(link.WireTexts);
    }

    [Fact]
    public void TheConnectionStreamFailing_FailsTheTopics()
    {
        var connections = new Subject<WebSocketConnection>();
        var link = new VirtualLink(_scheduler);
        var gaveUp = new InvalidOperationException("no more attempts");
        Exception? error = null;
        At(1, () => connections.OnNext(link.Connection));
        At(1, () => connections.Multiplex(() => Sub("a"), () => Unsub("a"), Of("a")).Subscribe(_ => { }, e => error = e));
        At(2, () => connections.OnError(gaveUp));
        _scheduler.Start();

        Assert.Same(gaveUp, error);
    }

    [Fact]
    public void TheConnectionStreamCompleting_EndsTheTopicsOnlyWhenItsLastConnectionEnds()
    {
        var connections = new Subject<WebSocketConnection>();
        var link = new VirtualLink(_scheduler);
        var received = new List<string>();
        long? completedAt = null;
        At(1, () => connections.Multiplex(() => Sub("a"), () => Unsub("a"), Of("a")).Subscribe(m => received.Add(m.Text), () => completedAt = _scheduler.Clock));
        At(1, () => connections.OnNext(link.Connection));
        At(2, () => connections.OnCompleted());
        link.Peer.Script(
            new Recorded<PeerAction>(3 * Ms, PeerAction.Text("a:last")),
            new Recorded<PeerAction>(4 * Ms, PeerAction.Close(WebSocketCloseStatus.NormalClosure, "")));
        _scheduler.Start();

        Assert.Equal(["a:last"], received);
        Assert.Equal(4 * Ms, completedAt);
    }

    [Fact]
    public void AThrowingSubscribeFunction_FailsThatSubscriber_AndOpensNoTopic()
    {
        var link = new VirtualLink(_scheduler);
        using var holder = link.Connection.Subscribe(_ => { });
        var boom = new InvalidOperationException("boom");
        Exception? error = null;
        At(1, () => link.Connection.Multiplex(() => throw boom, () => Unsub("a"), Of("a")).Subscribe(_ => { }, e => error = e));
        _scheduler.Start();

        Assert.Same(boom, error);
        Assert.Empty(link.WireTexts);
    }

    [Fact]
    public void AThrowingFilter_FailsItsSubscriber_WhichLeavesItsTopic()
    {
        var link = new VirtualLink(_scheduler);
        using var holder = link.Connection.Subscribe(_ => { });
        var boom = new InvalidOperationException("boom");
        Exception? error = null;
        var others = new List<string>();
        At(1, () => link.Connection.Multiplex(() => Sub("a"), () => Unsub("a"), _ => throw boom).Subscribe(_ => { }, e => error = e));
        At(1, () => Topic(link, "b").Subscribe(m => others.Add(m.Text)));
        link.Peer.Script(
            new Recorded<PeerAction>(2 * Ms, PeerAction.Text("b:1")),
            new Recorded<PeerAction>(3 * Ms, PeerAction.Text("b:2")));
        _scheduler.Start();

        Assert.Same(boom, error);
        Assert.Equal(["b:1", "b:2"], others);
        Assert.Equal(["sub:a", "sub:b", "unsub:a"], link.WireTexts);
    }

    [Fact]
    public void AThrowingUnsubscribeFunction_ReachesWhoeverDisposed_AndTheConnectionIsStillReleased()
    {
        var link = new VirtualLink(_scheduler);
        var boom = new InvalidOperationException("boom");
        IDisposable a = null!;
        Exception? thrown = null;
        At(1, () => a = link.Connection.Multiplex(() => Sub("a"), () => throw boom, Of("a")).Subscribe(_ => { }));
        At(2, () => thrown = Record.Exception(a.Dispose));
        _scheduler.Start();

        Assert.Same(boom, thrown);

        // The count reached zero despite the throw: the multiplexer let go of the connection, its last subscriber.
        Assert.Equal([SocketAction.TextMessage("sub:a"), SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure)], link.Peer.ReceivedActions);
    }

    private static IObservable<Message> Topic(VirtualLink link, string topic) =>
        link.Connection.Multiplex(() => Sub(topic), () => Unsub(topic), Of(topic));

    private void At(long ms, Action action) => _scheduler.ScheduleAbsolute(ms * Ms, action);
}
