using System.Reactive.Linq;
using System.Runtime.CompilerServices;

namespace RxWebSocketStream.Multiplexing;

/// <summary>
/// <c>Multiplex</c>, after RxJS's <c>webSocket().multiplex(subMsg, unsubMsg, messageFilter)</c>, but
/// reference-counted per topic: see <see cref="Multiplexer"/>.
/// </summary>
public static class MultiplexExtensions
{
    // One multiplexer per connection (per connection stream), so every Multiplex call on it shares the topics and
    // their counts. Weak keys: the multiplexer lives as long as what it multiplexes.
    private static readonly ConditionalWeakTable<WebSocketConnection, Multiplexer> ByConnection = [];
    private static readonly ConditionalWeakTable<IObservable<WebSocketConnection>, Multiplexer> ByStream = [];

    /// <summary>
    /// A topic on one connection: <paramref name="subscribeMessage"/> is sent when the topic's first subscriber
    /// arrives, <paramref name="unsubscribeMessage"/> when its last one leaves (unless the connection already ended),
    /// and each subscriber receives the messages <paramref name="filter"/> accepts. Calls with equal subscribe
    /// messages share the topic. The topic ends the way the connection does.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="subscribeMessage">Makes the subscribe message, whose value names the topic; called per subscription.</param>
    /// <param name="unsubscribeMessage">Makes the unsubscribe message; called when the last subscriber leaves.</param>
    /// <param name="filter">Selects the subscriber's messages.</param>
    /// <returns>The topic's messages.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IObservable<Message> Multiplex(this WebSocketConnection connection, Func<Message> subscribeMessage, Func<Message> unsubscribeMessage, Func<Message, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ByConnection.GetValue(connection, static c => new Multiplexer(Observable.Return(c)))
            .Topic(subscribeMessage, unsubscribeMessage, filter);
    }

    /// <summary>
    /// A topic over a stream of successive connections (one per successful connection attempt): as
    /// <see cref="Multiplex(WebSocketConnection, Func{Message}, Func{Message}, Func{Message, bool})"/>, and each new
    /// connection gets the subscribe message of every live topic once. Calls on the same stream object share topics.
    /// </summary>
    /// <param name="connections">The connections; completes or fails when no further connection will come.</param>
    /// <param name="subscribeMessage">Makes the subscribe message, whose value names the topic; called per subscription.</param>
    /// <param name="unsubscribeMessage">Makes the unsubscribe message; called when the last subscriber leaves.</param>
    /// <param name="filter">Selects the subscriber's messages.</param>
    /// <returns>The topic's messages.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IObservable<Message> Multiplex(this IObservable<WebSocketConnection> connections, Func<Message> subscribeMessage, Func<Message> unsubscribeMessage, Func<Message, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(connections);
        return ByStream.GetValue(connections, static s => new Multiplexer(s)).Topic(subscribeMessage, unsubscribeMessage, filter);
    }
}
