using System.Net.WebSockets;
using System.Reactive;
using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing;

/// <summary>
/// The far ends of a reconnecting session, one scripted <see cref="VirtualPeer"/> per connection attempt, in virtual time:
/// the first attempt connects to the first peer added, the second to the second, and so on. Hand
/// <see cref="Connect"/> to <see cref="ReconnectingConnection.Create"/> (or <see cref="ConnectAsync"/> to
/// <see cref="WebSocketConnectionOptions.SocketFactory"/>), then check what reached each peer in <see cref="Peers"/>.
/// </summary>
/// <remarks>
/// An attempt beyond the last peer is a mistake in the test, not a network failure, so it is reported loudly: the
/// attempt fails with an <see cref="InvalidOperationException"/> that names the attempt and the number of peers, and the
/// same exception is thrown from the scheduler (out of <c>AdvanceTo</c>, <c>Start</c> or <c>Run</c>), where the session's
/// retry logic cannot hide it. Drive the sequence from the thread that advances the scheduler.
/// </remarks>
public sealed class VirtualPeerSequence
{
    private static readonly Uri DefaultUrl = new("ws://virtual.test/");
    private readonly IScheduler _scheduler;
    private readonly List<VirtualPeer> _peers = [];
    private readonly List<IReadOnlyList<Recorded<Notification<PeerAction>>>?> _scripts = [];
    private readonly List<long> _connectTimes = [];

    /// <summary>Creates an empty sequence; add one peer per attempt the test expects.</summary>
    /// <param name="scheduler">The virtual-time scheduler of the peers and of the connections <see cref="Connect"/> makes.</param>
    /// <param name="url">The URL <see cref="Connect"/> connects to; <see langword="null"/> for <c>ws://virtual.test/</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is <see langword="null"/>.</exception>
    public VirtualPeerSequence(IScheduler scheduler, Uri? url = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        Url = url ?? DefaultUrl;
    }

    /// <summary>Gets the URL <see cref="Connect"/> connects to.</summary>
    public Uri Url { get; }

    /// <summary>Gets the peers in attempt order: <c>Peers[0]</c> serves the first attempt. Each one's wire is in its <see cref="VirtualPeer.ReceivedActions"/>.</summary>
    public IReadOnlyList<VirtualPeer> Peers => _peers;

    /// <summary>Gets how many attempts have asked for a peer so far, including any beyond the last peer.</summary>
    public int AttemptCount { get; private set; }

    /// <summary>Gets the virtual time (ticks) at which each peer was connected to, in attempt order: the gaps are the session's back-off.</summary>
    public IReadOnlyList<long> ConnectTimes => _connectTimes;

    /// <summary>Adds the peer for the next attempt, unscripted: drive it with <see cref="VirtualPeer.Perform"/> or script it at absolute times.</summary>
    /// <param name="options">How the peer behaves (a handshake delay or failure, for example); <see langword="null"/> for the defaults.</param>
    /// <returns>The new peer.</returns>
    public VirtualPeer Add(VirtualPeerOptions? options = null)
    {
        var peer = new VirtualPeer(_scheduler, options);
        _peers.Add(peer);
        _scripts.Add(null);
        return peer;
    }

    /// <summary>
    /// Adds the peer for the next attempt with a script drawn as a marble diagram whose frame 0 is the moment the attempt
    /// connects (1 frame = 1 ms): each value character is the <see cref="PeerAction"/> its legend gives, <c>|</c> sends a
    /// close frame with 1000, <c>#</c> drops the connection. With a <see cref="VirtualPeerOptions.HandshakeDelay"/>, start
    /// the script after it.
    /// </summary>
    /// <param name="marbles">The diagram, for example <c>"--a--#"</c> (a message at 2 ms after connecting, a drop at 5 ms).</param>
    /// <param name="legend">The action of each value character.</param>
    /// <param name="options">How the peer behaves; <see langword="null"/> for the defaults.</param>
    /// <returns>The new peer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="legend"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or uses a character the legend lacks.</exception>
    public VirtualPeer Add(string marbles, IReadOnlyDictionary<char, PeerAction> legend, VirtualPeerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        ArgumentNullException.ThrowIfNull(legend);
        var script = MarbleDiagram.ParseCold(marbles, legend);
        var peer = Add(options);
        _scripts[^1] = script;
        return peer;
    }

    /// <summary>
    /// Connects the next attempt to its peer, shaped like <see cref="WebSocketConnectionOptions.SocketFactory"/>: use it
    /// when the connections need options of their own. A marble script given to <see cref="Add(string, IReadOnlyDictionary{char, PeerAction}, VirtualPeerOptions?)"/>
    /// starts now.
    /// </summary>
    /// <param name="uri">The URI the client asked for.</param>
    /// <param name="subProtocols">The sub-protocols the client offered; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The peer's socket, as <see cref="VirtualPeer.ConnectAsync"/> gives it; faulted with an <see cref="InvalidOperationException"/> when no peer is left.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is <see langword="null"/>.</exception>
    public Task<WebSocket> ConnectAsync(Uri uri, IReadOnlyList<string>? subProtocols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var attempt = ++AttemptCount;
        if (attempt > _peers.Count)
        {
            var error = new InvalidOperationException(
                $"Connection attempt {attempt} found no peer: the sequence has {_peers.Count} peer{(_peers.Count == 1 ? "" : "s")}, one per attempt. Add a peer for every attempt the test expects, or stop the session earlier.");
            _scheduler.Schedule(error, static (_, e) => throw e);
            return Task.FromException<WebSocket>(error);
        }

        var now = _scheduler.Now.UtcTicks;
        _connectTimes.Add(now);
        var peer = _peers[attempt - 1];
        if (_scripts[attempt - 1] is { } script)
        {
            peer.Script(script.Select(step => new Recorded<Notification<PeerAction>>(now + step.Time, step.Value)));
        }

        return peer.ConnectAsync(uri, subProtocols, cancellationToken);
    }

    /// <summary>
    /// Makes the connection of one attempt, for <see cref="ReconnectingConnection.Create"/>: a
    /// <see cref="WebSocketConnection"/> to <see cref="Url"/> on this sequence's scheduler, over the next peer, cancelled
    /// with the attempt.
    /// </summary>
    /// <param name="attempt">The attempt the session is making.</param>
    /// <returns>The connection, connecting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attempt"/> is <see langword="null"/>.</exception>
    public WebSocketConnection Connect(ReconnectAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return WebSocketConnection.Connect(Url, new WebSocketConnectionOptions
        {
            Scheduler = _scheduler,
            SocketFactory = ConnectAsync,
            Cancellation = attempt.Cancellation,
        });
    }
}
