using System.Net.WebSockets;
using System.Reactive.Linq;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// The reconnect rules drawn as marble diagrams (1 frame = 1 ms). The scenario files of <c>marbles/</c> script one
/// peer and one connection, so the multi-attempt rules live here. States are drawn as letters: c connecting, o open,
/// k closing, x closed, w waiting to reconnect. Waits with the fixed jitter: 50, 100, 200 ms. The attempts are
/// expected first: subscribing to the session's messages starts it, and the recorder must already listen.
/// </summary>
public sealed class ReconnectingConnectionMarbleTests
{
    private static readonly Dictionary<char, int> AttemptValues = new() { ['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3 };

    private static VirtualPeerOptions Refusing(int attempt) =>
        new() { HandshakeFailure = new WebSocketException(WebSocketError.Faulted, "refused") };

    private static IObservable<char> Letters(ReconnectingConnection session) => session.States.Select(static s => s switch
    {
        SessionState.Connecting => 'c',
        SessionState.Open => 'o',
        SessionState.Closing => 'k',
        SessionState.Closed => 'x',
        SessionState.WaitingToReconnect => 'w',
        _ => '?',
    });

    [Fact]
    public void BackOff_AttemptsAtTheFixedJitterWaits_ThenGivesUpAfterMaxAttempts()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(maxAttempts: 3), Refusing, scheduler: new TestScheduler(TestSchedulerMode.Marble));
        var m = new MarbleTest(h.Scheduler);
        var session = h.CreateSession();

        m.ExpectObservable(h.AttemptNumbers).ToBe("0 49ms 1 99ms 2 199ms 3", AttemptValues);
        m.ExpectObservable(Letters(session)).ToBe("(cxw) 45ms (cxw) 95ms (cxw) 195ms (cx|)");
        m.ExpectObservable(session.Select(static msg => msg.Text[0])).ToBe("350ms #", values: null, static e => e is WebSocketConnectionException { InnerException.Message: "refused" });
        m.Run();
    }

    [Fact]
    public void DisposingTheSubscriptionDuringTheBackOff_StopsAttempting()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), Refusing, scheduler: new TestScheduler(TestSchedulerMode.Marble));
        var m = new MarbleTest(h.Scheduler);

        // Attempt 2 would start at 150.
        m.ExpectObservable(h.AttemptNumbers).ToBe("0 49ms 1", AttemptValues);
        m.ExpectObservable(ReconnectingConnection.Observe(h.Connect, h.Options), "^ 99ms !").ToBe("-");
        m.Run();
    }

    [Fact]
    public void ExplicitClose_ClosesAndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), scheduler: new TestScheduler(TestSchedulerMode.Marble));
        var m = new MarbleTest(h.Scheduler);
        var session = h.CreateSession();
        h.At(100, () => session.Close());

        m.ExpectObservable(h.AttemptNumbers).ToBe("0", AttemptValues);
        m.ExpectObservable(Letters(session)).ToBe("(co) 96ms (kx|)");
        m.ExpectObservable(session.Select(static msg => msg.Text[0])).ToBe("100ms |");
        m.Run();
    }

    [Fact]
    public void DroppedConnection_ReconnectsAfterTheWait_AndMessagesFlowFromBoth()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), scheduler: new TestScheduler(TestSchedulerMode.Marble));
        var m = new MarbleTest(h.Scheduler);
        var session = h.CreateSession();
        h.PeerAt(10, PeerAction.Text("a"));
        h.PeerAt(100, PeerAction.Drop());
        h.PeerAt(200, PeerAction.Text("b"));

        m.ExpectObservable(h.AttemptNumbers).ToBe("0 149ms 1", AttemptValues);
        m.ExpectObservable(Letters(session)).ToBe("(co) 96ms (xw) 46ms (co)");
        m.ExpectObservable(session.Select(static msg => msg.Text[0])).ToBe("10ms a 189ms b");
        m.Run();
    }
}
