using RxWebSocketStream;
using RxWebSocketStream.Testing;
using TickFeed;

namespace MarbleTests;

/// The tick feed's client, tested in virtual time: first the pure Rx computation, then the same computation fed by
/// a reconnecting session whose two connections are scripted peers. No socket, no sleep: each test runs in
/// microseconds and gives the same result every time.
public sealed class MovingAverageTests
{
    private static readonly Tick A1 = new("A", 1, 0), A2 = new("A", 2, 1), A3 = new("A", 3, 2), A4 = new("A", 4, 3);
    private static readonly Tick B10 = new("B", 10, 4), B20 = new("B", 20, 5);

    [Fact]
    public void Each_symbol_is_averaged_over_its_own_last_ticks()
    {
        var m = new MarbleTest();
        var ticks = m.Cold("a-b-x-c-y-d|", ('a', A1), ('b', A2), ('x', B10), ('c', A3), ('y', B20), ('d', A4));

        // Window 2: A's averages at its 2nd, 3rd and 4th tick; B's at its 2nd. Short windows are not reported
        // when the feed ends.
        m.ExpectObservable(MovingAverages.Of(ticks, window: 2)).ToBe(
            "--p---q-r-s|",
            ('p', new SymbolAverage("A", 1.5m)),
            ('q', new SymbolAverage("A", 2.5m)),
            ('r', new SymbolAverage("B", 15m)),
            ('s', new SymbolAverage("A", 3.5m)));
        m.Run();
    }

    [Fact]
    public void The_averages_carry_on_across_a_server_restart()
    {
        var m = new MarbleTest();
        var peers = new VirtualPeerSequence(m.Scheduler);
        var says = new Dictionary<char, PeerAction>
        {
            ['1'] = Json(A1), ['2'] = Json(A2), ['3'] = Json(A3), ['4'] = Json(A4),
            ['g'] = PeerAction.Close(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
        };
        peers.Add("-1-2-g", says);   // the first server: two ticks, then it shuts down (1001, which is retried)
        peers.Add("-3-4", says);     // the restarted server: two more ticks

        using var session = ReconnectingConnection.Create(peers.Connect, AveragingClient.SessionOptions(m.Scheduler));
        var averages = AveragingClient.Averages(session, window: 2);

        // The window spans the restart: the average at "3" is of ticks 2 and 3, from two different connections.
        // The back-off is drawn with jitter, so only the order is pinned down here; the values say it all.
        var seen = new List<SymbolAverage>();
        using var subscription = averages.Subscribe(seen.Add);
        m.Scheduler.AdvanceBy(TimeSpan.FromSeconds(5).Ticks);

        Assert.Equal([new SymbolAverage("A", 1.5m), new SymbolAverage("A", 2.5m), new SymbolAverage("A", 3.5m)], seen);
        Assert.Equal(2, peers.AttemptCount);
    }

    private static PeerAction Json(Tick tick) => PeerAction.Text(Message.FromJson(tick, TickJson.Default.Tick).Text);
}
