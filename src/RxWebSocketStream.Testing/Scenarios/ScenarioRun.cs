using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream.Multiplexing;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// One run of a scenario: a virtual peer, a connection over it made at frame 0, and the application's
/// actions scheduled at their frames, all on one marble-mode scheduler.
/// </summary>
internal sealed class ScenarioRun
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Subject<string> _sends = new();
    private readonly Subject<Message> _reads = new();
    private readonly Dictionary<string, Queue<IDisposable>> _multiplexed = [];
    private readonly Dictionary<string, Subject<Message>> _topics = [];
    private readonly HashSet<string> _topicStarted = [];
    private IAsyncEnumerator<Message>? _reader;

    public ScenarioRun(MarbleTest marbles, ScenarioSetup setup)
    {
        Marbles = marbles;
        Peer = new VirtualPeer(marbles.Scheduler, setup.Peer);
        if (setup.CancelledBeforeConnect)
        {
            _cancellation.Cancel();
        }

        var options = setup.Connection(marbles.Scheduler, Peer, _cancellation.Token);
        Connection = setup.WrapOpenSocket
            ? WebSocketConnection.Create(Peer.Socket, options)
            : WebSocketConnection.Connect(new Uri("ws://virtual.test/"), options);
    }

    public MarbleTest Marbles { get; }

    public VirtualPeer Peer { get; }

    public WebSocketConnection Connection { get; }

    /// <summary>How each <c>send</c> ended, as it ended.</summary>
    public IObservable<string> Sends => _sends;

    public void Send(Message message) =>
        Connection.SendAsync(message).ContinueWith(
            t => _sends.OnNext(t.IsCompletedSuccessfully ? "sent"
                : t.Exception?.InnerException is WebSocketConnectionException e ? $"failed {e.CloseCode}"
                : "refused"),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

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
        var subscription = Connection.Multiplex(
            () => Message.FromText($"sub {topic}"),
            () => Message.FromText($"unsub {topic}"),
            m => m.IsText && m.Text.StartsWith($"{topic}:", StringComparison.Ordinal))
            .Subscribe(observer);

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
