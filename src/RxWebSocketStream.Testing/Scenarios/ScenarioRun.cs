using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// One run of a scenario: a virtual peer, a connection over it made at frame 0, and the application's
/// actions scheduled at their frames, all on one marble-mode scheduler. With <c>given: reconnect ...</c> the
/// connection is a <see cref="ReconnectingConnection"/> instead, whose factory connects its Nth call to peer N.
/// </summary>
internal sealed class ScenarioRun
{
    private static readonly Uri Url = new("ws://virtual.test/");
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Subject<string> _sends = new();
    private readonly Subject<Message> _reads = new();
    private readonly Dictionary<string, Queue<IDisposable>> _multiplexed = [];
    private readonly Dictionary<string, Subject<Message>> _topics = [];
    private readonly HashSet<string> _topicStarted = [];
    private readonly Dictionary<int, VirtualPeer> _peers = [];
    private readonly ScenarioSetup _setup;
    private readonly WebSocketConnection? _connection;
    private int _factoryCalls;
    private IAsyncEnumerator<Message>? _reader;

    public ScenarioRun(MarbleTest marbles, ScenarioSetup setup)
    {
        Marbles = marbles;
        _setup = setup;
        if (setup.Reconnect is { } policy)
        {
            // Created, not started: the runner starts it at frame 0 once every expectation listens.
            Session = ReconnectingConnection.Create(ConnectAttempt, new ReconnectingConnectionOptions { Policy = policy, Scheduler = marbles.Scheduler });
            return;
        }

        _peers[1] = new VirtualPeer(marbles.Scheduler, setup.Peer);
        if (setup.CancelledBeforeConnect)
        {
            _cancellation.Cancel();
        }

        var options = setup.Connection(marbles.Scheduler, Peer, _cancellation.Token);
        _connection = setup.WrapOpenSocket
            ? WebSocketConnection.Create(Peer.Socket, options)
            : WebSocketConnection.Connect(Url, options);
    }

    public MarbleTest Marbles { get; }

    /// <summary>The scenario's one peer; in a reconnecting scenario, the peer of the first attempt.</summary>
    public VirtualPeer Peer => PeerOf(1);

    /// <summary>The scenario's connection; a reconnecting scenario has none of its own.</summary>
    public WebSocketConnection Connection => _connection
        ?? throw new InvalidOperationException("This scenario is a reconnecting session (given: reconnect): sink, read, cancel and the opened, closed and reads timelines need a single connection.");

    /// <summary>The reconnecting session, with <c>given: reconnect ...</c>; otherwise <see langword="null"/>.</summary>
    public ReconnectingConnection? Session { get; }

    /// <summary>What subscribers of <c>messages N</c> subscribe to: the connection or the session.</summary>
    public IObservable<Message> Messages => Session ?? (IObservable<Message>)Connection;

    /// <summary>The peer of the session factory's Nth call (counted from 1), made when first needed.</summary>
    public VirtualPeer PeerOf(int attempt)
    {
        if (!_peers.TryGetValue(attempt, out var peer))
        {
            _peers[attempt] = peer = new VirtualPeer(Marbles.Scheduler, _setup.PeerOf(attempt));
        }

        return peer;
    }

    private WebSocketConnection ConnectAttempt(ReconnectAttempt attempt)
    {
        var peer = PeerOf(++_factoryCalls);
        return WebSocketConnection.Connect(Url, _setup.Connection(Marbles.Scheduler, peer, attempt.Cancellation));
    }

    /// <summary>How each <c>send</c> ended, as it ended.</summary>
    public IObservable<string> Sends => _sends;

    /// <summary>
    /// <c>SendAsync</c> on the connection, or on the session with <paramref name="policy"/> (<see langword="null"/>
    /// for the session's default).
    /// </summary>
    public void Send(Message message, QueuedMessagePolicy? policy = null)
    {
        if (policy is not null && Session is null)
        {
            throw new InvalidOperationException("'send queued' and 'send fail-fast' need a reconnecting session (given: reconnect).");
        }

        var sent = Session is { } session ? session.SendAsync(message, policy) : Connection.SendAsync(message);
        sent.ContinueWith(
            t => _sends.OnNext(t.IsCompletedSuccessfully ? "sent"
                : t.Exception?.InnerException is MessagePossiblyLostException ? "possibly lost"
                : t.Exception?.InnerException is WebSocketConnectionException e ? $"failed {e.CloseCode}"
                : "refused"),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary><c>Close</c> on the connection or the session.</summary>
    public void Close(WebSocketCloseInfo? info)
    {
        if (Session is { } session)
        {
            session.Close(info);
        }
        else
        {
            Connection.Close(info);
        }
    }

    /// <summary><c>Dispose</c> of the connection or the session.</summary>
    public void Dispose() => (Session ?? (IDisposable)Connection).Dispose();

    /// <summary>What one <c>ReadAllAsync</c> consumer got, each message when its <c>read</c> completed.</summary>
    public IObservable<Message> Reads => _reads;

    /// <summary>One <c>MoveNextAsync</c> of the scenario's single <c>ReadAllAsync</c> consumer.</summary>
    public void Read()
    {
        _reader ??= Connection.ReadAllAsync().GetAsyncEnumerator();
        var reader = _reader;
        reader.MoveNextAsync().AsTask().ContinueWith(
            t =>
            {
                if (!t.IsCompletedSuccessfully)
                {
                    _reads.OnError(t.Exception?.InnerException ?? new OperationCanceledException());
                }
                else if (t.Result)
                {
                    _reads.OnNext(reader.Current);
                }
                else
                {
                    _reads.OnCompleted();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void Cancel() => _cancellation.Cancel();

    /// <summary>
    /// One more subscriber of topic <paramref name="topic"/> through <c>Multiplex</c>: subscribe message
    /// <c>sub TOPIC</c>, unsubscribe message <c>unsub TOPIC</c>, messages starting with <c>TOPIC:</c>.
    /// </summary>
    public void Multiplex(string topic)
    {
        if (!_multiplexed.TryGetValue(topic, out var subscriptions))
        {
            _multiplexed[topic] = subscriptions = new Queue<IDisposable>();
        }

        // The topic's first subscriber in the scenario reports what it receives on the `topic NAME` timeline.
        var observer = subscriptions.Count == 0 && !_topicStarted.Contains(topic) ? (IObserver<Message>)Topic(topic) : System.Reactive.Observer.Create<Message>(_ => { }, _ => { });
        _ = _topicStarted.Add(topic);
        Func<Message> subscribe = () => Message.FromText($"sub {topic}");
        Func<Message> unsubscribe = () => Message.FromText($"unsub {topic}");
        Func<Message, bool> filter = m => m.IsText && m.Text.StartsWith($"{topic}:", StringComparison.Ordinal);

        // Over a session, Multiplex follows its connections: the topic is subscribed again on each new one.
        var messages = Session is { } session
            ? session.Connections.Multiplex(subscribe, unsubscribe, filter)
            : Connection.Multiplex(subscribe, unsubscribe, filter);
        var subscription = messages.Subscribe(observer);

        subscriptions.Enqueue(subscription);
    }

    /// <summary>What the first <c>multiplex "NAME"</c> subscriber of topic <paramref name="topic"/> receives.</summary>
    public Subject<Message> Topic(string topic)
    {
        if (!_topics.TryGetValue(topic, out var messages))
        {
            _topics[topic] = messages = new Subject<Message>();
        }

        return messages;
    }

    /// <summary>The oldest live subscriber of topic <paramref name="topic"/> leaves.</summary>
    public void Unmultiplex(string topic) =>
        (_multiplexed.TryGetValue(topic, out var subscriptions) && subscriptions.Count > 0
            ? subscriptions.Dequeue()
            : throw new InvalidOperationException($"unmultiplex \"{topic}\": no subscriber of that topic is left.")).Dispose();

    /// <summary>A task as an observable that emits inline, on the thread that completes it (no hop).</summary>
    public static IObservable<T> Observe<T>(Task<T> task) => Observable.Create<T>(observer =>
    {
        task.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    observer.OnNext(t.Result);
                    observer.OnCompleted();
                }
                else
                {
                    observer.OnError(t.Exception?.InnerException ?? new OperationCanceledException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return System.Reactive.Disposables.Disposable.Empty;
    });
}
