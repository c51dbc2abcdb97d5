using System.Reactive.Concurrency;
using RxWebSocketStream;

namespace TickFeed;

/// The client side: a session that reconnects on its own, and the averages computed from what it receives.
public static class AveragingClient
{
    /// A session to the feed at <paramref name="url"/>. After a lost connection it waits a short, jittered
    /// back-off (at most 2 s here; 30 s by default) and connects again, forever: a feed should come back whenever
    /// the server does.
    public static ReconnectingConnection Connect(Uri url) =>
        ReconnectingConnection.Create(
            attempt => WebSocketConnection.Connect(url, new WebSocketConnectionOptions { Cancellation = attempt.Cancellation }),
            SessionOptions());

    /// The session's settings, apart so that a test can run the same session over scripted peers in virtual time.
    public static ReconnectingConnectionOptions SessionOptions(IScheduler? scheduler = null) => new()
    {
        Policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2) },
        Scheduler = scheduler ?? DefaultScheduler.Instance,
    };

    /// The session's ticks, averaged per symbol. <c>AsJson</c> is the session's typed view: each message decoded as
    /// a <see cref="Tick"/> (a message that does not decode ends the averages with an exception naming it; see
    /// docs/typed-messages.md). One sequence across reconnects: a restart of the server is a gap in the ticks, not
    /// an end of the averages.
    public static IObservable<SymbolAverage> Averages(ReconnectingConnection session, int window) =>
        MovingAverages.Of(session.AsJson(TickJson.Default.Tick), window);
}
