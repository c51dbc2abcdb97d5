using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Runtime.ExceptionServices;

namespace RxWebSocketStream.Multiplexing;

/// <summary>
/// Several logical subscriptions ("topics") over one stream of successive connections, reference-counted per
/// topic: a topic's subscribe message is sent when its first subscriber arrives, its unsubscribe message when
/// its last subscriber leaves, and after each new connection the subscribe message of every live topic is sent
/// once on it. Messages of the current connection reach each subscriber whose filter accepts them.
/// </summary>
/// <remarks>
/// <para>
/// A topic is identified by the value of its subscribe message (<see cref="Message"/> equality: type and
/// content): two <see cref="Topic"/> calls whose subscribe messages are equal share the topic and its count,
/// because on the wire they are the same subscription and the server would not tell them apart. Each
/// subscriber keeps its own filter.
/// </para>
/// <para>
/// The multiplexer holds one subscription to the connection stream, and one to the current connection's
/// messages, while it has at least one subscriber in any topic; the last subscriber leaving releases them
/// (after its unsubscribe message was handed to the connection, so the message goes out before the close
/// frame the connection sends when that was its last subscriber).
/// </para>
/// <para>
/// Topics end when no connection can follow: when the connection stream fails (with its error), or when it
/// has completed and its last connection has ended (the way that connection ended: completed after a clean
/// close, failed otherwise). The end of a connection that another one follows is not an end of the topics.
/// </para>
/// </remarks>
public sealed class Multiplexer
{
    private readonly IObservable<WebSocketConnection> _connections;
    private readonly object _gate = new();

    // Guarded by _gate: live topics by subscribe message, and the session serving them (null when none).
    private readonly Dictionary<Message, TopicState> _topics = [];
    private Session? _session;

    /// <summary>Creates a multiplexer over a stream of successive open connections.</summary>
    /// <param name="connections">One connection per successful connection attempt; it completes (or fails) when no further
    /// connection will come.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connections"/> is <see langword="null"/>.</exception>
    public Multiplexer(IObservable<WebSocketConnection> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    /// <summary>
    /// A topic: subscribing calls <paramref name="subscribeMessage"/>, whose value names the topic, and sends it
    /// when this subscriber is the topic's first; the subscriber receives the messages
    /// <paramref name="filter"/> accepts. Disposing the subscription of the topic's last subscriber sends
    /// <paramref name="unsubscribeMessage"/> (not when the connection already ended).
    /// </summary>
    /// <param name="subscribeMessage">Makes the subscribe message; called once per subscription.</param>
    /// <param name="unsubscribeMessage">Makes the unsubscribe message; called when the topic's last subscriber leaves (that
    /// subscriber's own function).</param>
    /// <param name="filter">Selects this subscriber's messages among all the connection's messages.</param>
    /// <returns>The topic's messages; it ends as described on <see cref="Multiplexer"/>. A function that throws fails this
    /// subscriber only.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public IObservable<Message> Topic(Func<Message> subscribeMessage, Func<Message> unsubscribeMessage, Func<Message, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(subscribeMessage);
        ArgumentNullException.ThrowIfNull(unsubscribeMessage);
        ArgumentNullException.ThrowIfNull(filter);
        return Observable.Create<Message>(observer =>
        {
            Message key;
            try
            {
                key = subscribeMessage();
            }
            catch (Exception e)
            {
                // As in RxJS: a subscribe function that throws fails this subscriber; no topic was opened.
                observer.OnError(e);
                return Disposable.Empty;
            }

            return Add(new Subscriber(observer, key, unsubscribeMessage, filter));
        });
    }

    private IDisposable Add(Subscriber subscriber)
    {
        Session? started = null;
        Task? sent = null;
        lock (_gate)
        {
            if (_session is null)
            {
                _session = started = new Session(this);
            }

            if (!_topics.TryGetValue(subscriber.Key, out var topic))
            {
                _topics[subscriber.Key] = topic = new TopicState();

                // First subscriber of the topic. Sent under the gate, so the subscribe and unsubscribe messages of a
                // topic reach SendAsync (which keeps call order) in the order its count changed. Between connections
                // nothing is sent: the next connection sends it.
                if (_session.Live is { } connection)
                {
                    sent = connection.SendAsync(subscriber.Key);
                }
            }

            topic.Subscribers = topic.Subscribers.Add(subscriber);
            _session.SubscriberCount++;
        }

        Ignore(sent);

        // Outside the gate: the connection stream may hand over a connection synchronously, and that path takes
        // the gate itself to send the subscribe message of every live topic (this one included).
        started?.Start(_connections);
        return Disposable.Create(() => Remove(subscriber));
    }

    private void Remove(Subscriber subscriber)
    {
        Session? released = null;
        Task? sent = null;
        ExceptionDispatchInfo? thrown = null;
        lock (_gate)
        {
            if (!_topics.TryGetValue(subscriber.Key, out var topic) || !topic.Subscribers.Contains(subscriber))
            {
                return; // already removed: disposed twice, failed, or the topics ended
            }

            topic.Subscribers = topic.Subscribers.Remove(subscriber);
            var session = _session!;
            if (topic.Subscribers.IsEmpty)
            {
                _ = _topics.Remove(subscriber.Key);

                // Not when the connection has ended or between connections: there is nobody to tell. A connection
                // that is closing refuses the send (SendAsync faults), so nothing reaches the wire then either.
                if (session.Live is { } connection)
                {
                    try
                    {
                        sent = connection.SendAsync(subscriber.UnsubscribeMessage());
                    }
                    catch (Exception e)
                    {
                        thrown = ExceptionDispatchInfo.Capture(e);
                    }
                }
            }

            if (--session.SubscriberCount == 0)
            {
                _session = null;
                released = session;
            }
        }

        Ignore(sent);
        released?.Dispose();

        // An unsubscribe function that throws reaches whoever disposed, once the counts are consistent again.
        thrown?.Throw();
    }

    /// <summary>A new connection, already subscribed to: the subscribe message of every live topic goes on it, once.</summary>
    private void SendSubscribes(Session session, WebSocketConnection connection)
    {
        List<Task> sends = [];
        lock (_gate)
        {
            if (_session != session || session.Current != connection)
            {
                return; // released meanwhile, or the connection already ended
            }

            session.Live = connection;
            foreach (var key in _topics.Keys)
            {
                sends.Add(connection.SendAsync(key));
            }
        }

        sends.ForEach(Ignore);
    }

    /// <summary>A message of the current connection, to each subscriber whose filter accepts it.</summary>
    private void OnMessage(Session session, Message message)
    {
        List<Subscriber> subscribers = [];
        lock (_gate)
        {
            if (_session != session)
            {
                return;
            }

            foreach (var topic in _topics.Values)
            {
                subscribers.AddRange(topic.Subscribers);
            }
        }

        foreach (var subscriber in subscribers)
        {
            bool accepted;
            try
            {
                accepted = subscriber.Filter(message);
            }
            catch (Exception e)
            {
                // As in RxJS, a throwing filter fails its own subscriber, which leaves its topic like a disposed one.
                try
                {
                    Remove(subscriber);
                }
                finally
                {
                    subscriber.End(e);
                }

                continue;
            }

            if (accepted)
            {
                subscriber.OnNext(message);
            }
        }
    }

    /// <summary>
    /// Sends go through <see cref="WebSocketConnection.SendAsync"/>, which faults only when the connection is closing
    /// or has ended (with <see cref="InvalidOperationException"/>, or with the very error that ends the connection).
    /// That end reaches every subscriber through the connection (or the next connection sends the subscribe message
    /// again), so a faulted send is not reported a second time; it is observed here so it never surfaces as an
    /// unobserved task exception.
    /// </summary>
    private static void Ignore(Task? sent) =>
        _ = sent?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The connection stream, or its last connection, ended: every topic ends the same way.</summary>
    private void End(Session session, Exception? error)
    {
        List<Subscriber> subscribers = [];
        lock (_gate)
        {
            if (_session != session)
            {
                return;
            }

            foreach (var topic in _topics.Values)
            {
                subscribers.AddRange(topic.Subscribers);
            }

            _topics.Clear();
            _session = null;
        }

        session.Dispose();
        foreach (var subscriber in subscribers)
        {
            subscriber.End(error);
        }
    }

    /// <summary>The subscribers of one topic; immutable, so message delivery iterates a snapshot taken under the gate.</summary>
    private sealed class TopicState
    {
        public System.Collections.Immutable.ImmutableList<Subscriber> Subscribers { get; set; } = [];
    }

    /// <summary>
    /// The upstream subscriptions shared by every subscriber while there is at least one: to the connection stream,
    /// and to the current connection's messages.
    /// </summary>
    private sealed class Session(Multiplexer owner) : IDisposable
    {
        private readonly SingleAssignmentDisposable _connections = new();
        private readonly SerialDisposable _messages = new();

        // All guarded by the owner's gate.
        private bool _connectionsCompleted;
        private Exception? _lastError;

        /// <summary>The connection whose messages are routed; null between connections.</summary>
        public WebSocketConnection? Current { get; private set; }

        /// <summary>The current connection once the live topics' subscribe messages went on it: sends go here.</summary>
        public WebSocketConnection? Live { get; set; }

        public int SubscriberCount { get; set; }

        public void Start(IObservable<WebSocketConnection> connections) =>
            _connections.Disposable = connections.Subscribe(OnConnection, e => owner.End(this, e), OnConnectionsCompleted);

        public void Dispose()
        {
            _connections.Dispose();
            _messages.Dispose();
        }

        private void OnConnection(WebSocketConnection connection)
        {
            lock (owner._gate)
            {
                if (owner._session != this)
                {
                    return;
                }

                Current = connection;
                Live = null;
                _lastError = null;
            }

            // Subscribed before the subscribe messages go out, so no answer to them can slip past. A connection that
            // has already ended replays its end here, and then no subscribe message is sent.
            _messages.Disposable = connection.Subscribe(
                m => owner.OnMessage(this, m),
                e => OnConnectionEnded(connection, e),
                () => OnConnectionEnded(connection, null));
            owner.SendSubscribes(this, connection);
        }

        private void OnConnectionEnded(WebSocketConnection connection, Exception? error)
        {
            bool last;
            lock (owner._gate)
            {
                if (Current != connection)
                {
                    return; // a connection already replaced
                }

                Current = null;
                Live = null;
                _lastError = error;
                last = _connectionsCompleted;
            }

            if (last)
            {
                owner.End(this, error);
            }
        }

        private void OnConnectionsCompleted()
        {
            bool last;
            Exception? error;
            lock (owner._gate)
            {
                _connectionsCompleted = true;
                last = Current is null;
                error = _lastError;
            }

            if (last)
            {
                owner.End(this, error);
            }
        }
    }
}
