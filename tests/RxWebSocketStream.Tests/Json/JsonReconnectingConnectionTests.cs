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
}
