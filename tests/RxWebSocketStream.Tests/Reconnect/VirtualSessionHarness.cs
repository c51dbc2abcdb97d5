using System.Reactive.Concurrency;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// A reconnecting session in virtual time: every attempt gets a fresh <see cref="VirtualPeer"/> (configured per attempt
/// number), and the harness records when each attempt started and the token it was given. Times are in milliseconds of
/// virtual time (1 ms = 1 marble frame).
/// </summary>
internal sealed class VirtualSessionHarness
{
    private static readonly Uri Url = new("ws://virtual.test/");
    private readonly Func<int, VirtualPeerOptions?> _peerOptions;
    private readonly System.Reactive.Subjects.Subject<int> _attemptNumbers = new();

    public VirtualSessionHarness(ReconnectPolicy policy, Func<int, VirtualPeerOptions?>? peerOptions = null, QueuedMessagePolicy queued = QueuedMessagePolicy.QueueWhileDisconnected, int sendBufferCapacity = 16, TestScheduler? scheduler = null)
    {
        Scheduler = scheduler ?? new TestScheduler();
        _peerOptions = peerOptions ?? (static _ => null);
        Options = new ReconnectingConnectionOptions
        {
            Policy = policy,
            Scheduler = Scheduler,
            QueuedMessagePolicy = queued,
            SendBufferCapacity = sendBufferCapacity,
        };
    }

    /// <summary>Back-off ceilings 100, 200, 400, 800, 1000 ms, halved by the fixed jitter: waits 50, 100, 200, 400, 500 ms.</summary>
    public static ReconnectPolicy HalfJitterPolicy(int? maxAttempts = null) => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(1),
        Jitter = () => 0.5,
        MaxAttempts = maxAttempts,
    };

    public TestScheduler Scheduler { get; }

    public ReconnectingConnectionOptions Options { get; }

    /// <summary>One peer per attempt, in attempt order.</summary>
    public List<VirtualPeer> Peers { get; } = [];

    /// <summary>Each factory call: the virtual time (ms) and the attempt it was given.</summary>
    public List<(long AtMs, ReconnectAttempt Attempt)> Attempts { get; } = [];

    /// <summary>Each factory call's attempt number, as it happens (for marble expectations).</summary>
    public IObservable<int> AttemptNumbers => _attemptNumbers;

    public long NowMs => Scheduler.Clock / TimeSpan.TicksPerMillisecond;

    public WebSocketConnection Connect(ReconnectAttempt attempt)
    {
        var peer = new VirtualPeer(Scheduler, _peerOptions(attempt.Number));
        Peers.Add(peer);
        Attempts.Add((NowMs, attempt));
        _attemptNumbers.OnNext(attempt.Number);
        return WebSocketConnection.Connect(Url, new WebSocketConnectionOptions
        {
            Scheduler = Scheduler,
            SocketFactory = peer.ConnectAsync,
            Cancellation = attempt.Cancellation,
        });
    }

    public ReconnectingConnection CreateSession() => ReconnectingConnection.Create(Connect, Options);

    /// <summary>Runs <paramref name="action"/> at <paramref name="ms"/> of virtual time (inside the scheduler, with no synchronization context).</summary>
    public void At(long ms, Action action) =>
        Scheduler.ScheduleAbsolute(action, ms * TimeSpan.TicksPerMillisecond, static (_, a) =>
        {
            a();
            return System.Reactive.Disposables.Disposable.Empty;
        });

    /// <summary>Scripts a peer step at <paramref name="ms"/>, on the peer that is current then.</summary>
    public void PeerAt(long ms, PeerAction action) => At(ms, () => Peers[^1].Perform(action));

    public void RunTo(long ms) => Scheduler.AdvanceTo(ms * TimeSpan.TicksPerMillisecond);

    public static long Ms(long ticks) => ticks / TimeSpan.TicksPerMillisecond;
}
