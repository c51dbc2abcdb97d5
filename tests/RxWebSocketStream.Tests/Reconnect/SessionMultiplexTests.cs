using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// Multiplex over a reconnecting session's <see cref="ReconnectingConnection.Connections"/>: the two pieces of
/// issue 7 together. After a reconnect, each live topic's subscribe message goes out once on the new
/// connection; a topic that ended before does not come back.
/// </summary>
public sealed class SessionMultiplexTests
{
    [Fact]
    public void AfterAReconnect_LiveTopicsAreSubscribedOnceOnTheNewConnection_DeadOnesNotAtAll()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var news = new TimedLog<Message>(h);
        var weather = new TimedLog<Message>(h);
        IDisposable? weatherSubscription = null;
        h.At(0, session.Start);
        h.At(5, () => session.Connections.Multiplex(() => Message.FromText("sub news"), () => Message.FromText("unsub news"), IsFor("news")).Subscribe(news));
        h.At(6, () => weatherSubscription = session.Connections.Multiplex(() => Message.FromText("sub weather"), () => Message.FromText("unsub weather"), IsFor("weather")).Subscribe(weather));
        h.At(50, () => weatherSubscription!.Dispose());
        h.PeerAt(100, PeerAction.Drop());
        h.PeerAt(200, PeerAction.Text("news:two"));

        h.RunTo(1000);

        Assert.Equal(2, h.Peers.Count);
        Assert.Equal(["sub news", "sub weather", "unsub weather"], TextsReceivedBy(h.Peers[0]));
        Assert.Equal(["sub news"], TextsReceivedBy(h.Peers[1]));
        Assert.Equal([(200L, "news:two")], news.Values.Select(v => (v.AtMs, v.Value.Text)));
        Assert.Null(news.Error);
        Assert.Null(news.CompletedAtMs);
    }

    [Fact]
    public void TwoMultiplexCallsThroughTheSessionsConnections_ShareTheTopic_OneSubscribeMessage()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        h.At(0, session.Start);
        h.At(5, () => session.Connections.Multiplex(() => Message.FromText("sub news"), () => Message.FromText("unsub news"), IsFor("news")).Subscribe(_ => { }));
        h.At(6, () => session.Connections.Multiplex(() => Message.FromText("sub news"), () => Message.FromText("unsub news"), IsFor("news")).Subscribe(_ => { }));

        h.RunTo(100);

        Assert.Equal(["sub news"], TextsReceivedBy(h.Peers[0]));
    }

    private static Func<Message, bool> IsFor(string topic) => m => m.IsText && m.Text.StartsWith(topic + ":", StringComparison.Ordinal);

    private static IEnumerable<string?> TextsReceivedBy(VirtualPeer peer) =>
        peer.ReceivedActions.Where(a => a.Kind == SocketActionKind.Text).Select(a => a.Text);
}
