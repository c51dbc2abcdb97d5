using System.Reactive.Linq;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Reconnect;

namespace RxWebSocketStream.Tests.Json;

/// <summary>
/// <c>session.AsJson(typeInfo)</c> in virtual time (1 frame = 1 ms), over a session whose first connection the peer
/// drops at 100; the second opens at 150 (the 50 ms back-off).
/// </summary>
public sealed class JsonReconnectingConnectionTests
{
    private static readonly Tick Ab = new("AB", 1.5m);
    private static readonly Tick Cd = new("CD", 20m);
    private const string AbJson = """{"Symbol":"AB","Price":1.5}""";
    private const string CdJson = """{"Symbol":"CD","Price":20}""";
    private static readonly Dictionary<char, Tick> TickValues = new() { ['a'] = Ab, ['c'] = Cd };

    private static (VirtualSessionHarness H, MarbleTest M, ReconnectingConnection Session) DroppedAt100()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), scheduler: new TestScheduler(TestSchedulerMode.Marble));
        var m = new MarbleTest(h.Scheduler);
        var session = h.CreateSession();
        h.PeerAt(100, PeerAction.Drop());
        return (h, m, session);
    }

    [Fact]
    public void Subscribe_DecodesTheMessagesOfEveryConnection()
    {
        var (h, m, session) = DroppedAt100();
        h.PeerAt(10, PeerAction.Text(AbJson));
        h.PeerAt(200, PeerAction.Text(CdJson));

        m.ExpectObservable(session.AsJson(TestJson.Default.Tick)).ToBe("10ms a 189ms c", TickValues);
        m.Run();
    }

    [Fact]
    public void Subscribe_MessageThatDoesNotDecode_FailsTheTypedSequence_TheSessionGoesOn()
    {
        var (h, m, session) = DroppedAt100();
        h.PeerAt(10, PeerAction.Text(AbJson));
        h.PeerAt(20, PeerAction.Binary([0xCA, 0xFE]));
        h.PeerAt(200, PeerAction.Text(CdJson));
        UndecodableMessageException? error = null;

        m.ExpectObservable(session.AsJson(TestJson.Default.Tick)).ToBe("10ms a 9ms #", TickValues, e => (error = e as UndecodableMessageException) is not null);
        m.ExpectObservable(session.Select(static msg => msg.IsText ? msg.Text[2] : 'x')).ToBe("10ms S 9ms x 179ms S");
        m.Run();

        Assert.Equal(Message.FromBinary([0xCA, 0xFE]), error!.UndecodableMessage);
        Assert.StartsWith("A binary message of 2 bytes could not be read as Tick: the view reads text messages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscribe_WithOnUndecodable_RoutesTheMessage_AndGoesOnAcrossTheReconnect()
    {
        var (h, m, session) = DroppedAt100();
        var routed = new List<Message>();
        h.PeerAt(10, PeerAction.Text(AbJson));
        h.PeerAt(20, PeerAction.Text("""{"Symbol":"""));
        h.PeerAt(200, PeerAction.Text(CdJson));

        m.ExpectObservable(session.AsJson(TestJson.Default.Tick, new() { OnUndecodable = e => routed.Add(e.UndecodableMessage) })).ToBe("10ms a 189ms c", TickValues);
        m.Run();

        Assert.Equal([Message.FromText("""{"Symbol":""")], routed);
    }

    [Fact]
    public void SendAsync_QueuesTheEncodedValueWhileDisconnected_AndSendsItOnTheNextConnection()
    {
        var (h, m, session) = DroppedAt100();
        var ticks = session.AsJson(TestJson.Default.Tick, new() { MessageType = MessageType.Binary });
        Task? queued = null;
        Task? refused = null;
        h.At(0, session.Start);
        h.At(120, () => queued = ticks.SendAsync(Ab));
        h.At(130, () => refused = ticks.SendAsync(Cd, QueuedMessagePolicy.FailWhileDisconnected));

        m.Run();

        Assert.True(queued!.IsCompletedSuccessfully);
        Assert.IsType<InvalidOperationException>(refused!.Exception!.InnerException);
        Assert.Equal([SocketAction.BinaryMessage(System.Text.Encoding.UTF8.GetBytes(AbJson))], h.Peers[1].ReceivedActions.Take(1));
        Assert.Equal(150, VirtualSessionHarness.Ms(h.Peers[1].ReceivedMessages[0].Time));
    }

    [Fact]
    public void ReadAllAsync_DecodesAcrossTheReconnect_AndEndsWhenTheSessionCloses()
    {
        var (h, _, session) = DroppedAt100();
        var ticks = session.AsJson(TestJson.Default.Tick);
        var seen = new List<Tick>();
        Task? read = null;
        h.At(0, () => read = ReadIntoAsync(ticks.ReadAllAsync(), seen));
        h.PeerAt(10, PeerAction.Text(AbJson));
        h.PeerAt(160, PeerAction.Text(CdJson));
        h.At(200, () => session.Close());

        h.RunTo(1000);

        Assert.Equal([Ab, Cd], seen);
        Assert.True(read!.IsCompletedSuccessfully);
    }

    [Fact]
    public void ReadAllAsync_MessageThatDoesNotDecode_Throws_TheSessionGoesOn()
    {
        var (h, _, session) = DroppedAt100();
        var ticks = session.AsJson(TestJson.Default.Tick);
        var seen = new List<Tick>();
        var untyped = new List<Message>();
        Task? read = null;
        h.At(0, () =>
        {
            session.Subscribe(untyped.Add);
            read = ReadIntoAsync(ticks.ReadAllAsync(), seen);
        });
        h.PeerAt(10, PeerAction.Text(AbJson));
        h.PeerAt(20, PeerAction.Text("[1]"));
        h.PeerAt(160, PeerAction.Text(CdJson));

        h.RunTo(1000);

        Assert.Equal([Ab], seen);
        var error = Assert.IsType<UndecodableMessageException>(read!.Exception!.InnerException);
        Assert.Equal(Message.FromText("[1]"), error.UndecodableMessage);
        Assert.Equal([Message.FromText(AbJson), Message.FromText("[1]"), Message.FromText(CdJson)], untyped);
    }

    [Fact]
    public void Sink_EncodesIntoTheSessionSink_QueuedWhileDisconnected_AndOnCompletedClosesTheSession()
    {
        var (h, _, session) = DroppedAt100();
        var ticks = session.AsJson(TestJson.Default.Tick);
        h.At(0, session.Start);
        h.At(10, () => ticks.Sink.OnNext(Ab));
        h.At(120, () => ticks.Sink.OnNext(Cd));
        h.At(130, () => ticks.Sink.OnCompleted());

        h.RunTo(1000);

        Assert.Equal(SocketAction.TextMessage(AbJson), h.Peers[0].ReceivedActions[0]);
        Assert.Equal(
            [SocketAction.TextMessage(CdJson), SocketAction.CloseOutput(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "")],
            h.Peers[1].ReceivedActions);
        Assert.Equal(2, h.Peers.Count);
        Assert.Equal(0, session.UnsentMessageCount + session.DroppedMessageCount + session.PossiblyLostMessageCount);
    }

    [Fact]
    public void SendAsync_Cancelled_WhileQueued_WithdrawsTheValue()
    {
        var (h, _, session) = DroppedAt100();
        var ticks = session.AsJson(TestJson.Default.Tick);
        using var cancel = new CancellationTokenSource();
        Task? withdrawn = null;
        Task? sent = null;
        h.At(0, session.Start);
        h.At(120, () => withdrawn = ticks.SendAsync(Ab, cancel.Token));
        h.At(125, () => sent = ticks.SendAsync(Cd, QueuedMessagePolicy.QueueWhileDisconnected, CancellationToken.None));
        h.At(130, cancel.Cancel);

        h.RunTo(300);

        Assert.True(withdrawn!.IsCanceled);
        Assert.True(sent!.IsCompletedSuccessfully);
        Assert.Equal([SocketAction.TextMessage(CdJson)], h.Peers[1].ReceivedActions);
    }

    // ConfigureAwait(false): started inside the scheduler, the loop goes on there, in virtual time.
    private static async Task ReadIntoAsync<T>(IAsyncEnumerable<T> source, List<T> items)
    {
        await foreach (var item in source.ConfigureAwait(false))
        {
            items.Add(item);
        }
    }
}
