using System.Reactive.Concurrency;
using System.Reactive.Linq;
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

    /// The session's messages, decoded, averaged per symbol. One sequence across reconnects: a restart of the
    /// server is a gap in the ticks, not an end of the averages.
    public static IObservable<SymbolAverage> Averages(IObservable<Message> session, int window) =>
        MovingAverages.Of(session.Select(message => message.ReadJson(TickJson.Default.Tick)), window);
}
