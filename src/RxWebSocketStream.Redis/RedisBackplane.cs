using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.Redis.Internal;
using StackExchange.Redis;

namespace RxWebSocketStream.Redis;

/// <summary>
/// An <see cref="IBroadcastBackplane"/> on Redis pub/sub: every node of the application publishes its broadcasts
/// to one Redis channel and subscribes to it, so a broadcast made on any node reaches the group's members on every
/// node, once each, in the publishing node's order. One PUBLISH per broadcast message per node, whatever the
/// number of clients. Delivery across a Redis outage is at most once, and every loss is counted. See
/// docs/redis-backplane.md.
/// </summary>
/// <remarks>
/// <para>Each node stamps what it publishes with its own id and a sequence number (1, 2, 3...). A receiver drops
/// its own messages (the broadcaster has delivered them locally already), delivers the others in sequence
/// order, and counts a jump in a publisher's sequence as <see cref="MissedMessageCount"/>.</para>
/// <para>While the connection to Redis is down, <see cref="Publish"/> counts the message in
/// <see cref="LostMessageCount"/> and drops it: it is not queued for later. (A message published in the instant
/// the connection fails, before StackExchange.Redis has noticed, waits in its backlog: it is sent after the
/// reconnect, still in order, or counted as lost when it times out.) StackExchange.Redis reconnects on its own
/// and re-subscribes the channel; the backplane then confirms the round trip with a probe of its own
/// (<see cref="Liveness"/>).</para>
/// </remarks>
/// <example>
/// <code>
/// await using var backplane = await RedisBackplane.ConnectAsync("localhost:6379");
/// var broadcaster = new Broadcaster(new BroadcasterOptions { Backplane = backplane });
/// </code>
/// </example>
public sealed class RedisBackplane : IBroadcastBackplane, IDisposable, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsRedis;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly Guid _node = Guid.NewGuid();
    private readonly PublisherSequences _sequences = new();

    // Publish: the sequence number and the order of PUBLISH commands go together.
    private readonly object _publishGate = new();

    // Received: OnNext from the receive loop never overlaps the OnCompleted of Dispose.
    private readonly object _receiveGate = new();
    private readonly Subject<BackplaneMessage> _received = new();

    // Liveness and the probe round.
    private readonly object _stateGate = new();
    private readonly BehaviorSubject<bool> _liveness = new(false);
    private readonly SerialDisposable _probeWait = new();
    private long _probeRound;

    private ChannelMessageQueue? _queue;
    private long _sequence;
    private long _published;
    private long _lost;
    private long _missed;
    private long _ignored;
    private int _disposed;

    private RedisBackplane(IConnectionMultiplexer redis, bool ownsRedis, RedisBackplaneOptions? options)
    {
        Options = options ?? new RedisBackplaneOptions();
        _redis = redis;
        _ownsRedis = ownsRedis;
        _subscriber = redis.GetSubscriber();
        _channel = RedisChannel.Literal(Options.Channel);
        Received = _received.AsObservable();
        Liveness = _liveness.DistinctUntilChanged();
    }

    /// <summary>Gets the options.</summary>
    public RedisBackplaneOptions Options { get; }

    /// <inheritdoc/>
    public IObservable<BackplaneMessage> Received { get; }

    /// <summary>
    /// Gets how many broadcasts this node could not hand to Redis: published while Redis was unreachable, refused,
    /// or failed after they were sent (such a message may still have reached some nodes), or published after
    /// the backplane was disposed.
    /// </summary>
    public long LostMessageCount => Interlocked.Read(ref _lost);

    /// <summary>Gets how many broadcasts this node handed to Redis: one PUBLISH command each.</summary>
    public long PublishedMessageCount => Interlocked.Read(ref _published);

    /// <summary>
    /// Gets how many broadcasts of other nodes never arrived here although their node handed them to Redis (this
    /// node's subscription was down meanwhile), as seen from the gaps in each node's sequence numbers. A gap is
    /// seen when the next message from that node arrives.
    /// </summary>
    public long MissedMessageCount => Interlocked.Read(ref _missed);

    /// <summary>
    /// Gets how many messages on the channel were not delivered because they were not this backplane's (another
    /// publisher on the channel, another version) or repeated a sequence number already seen.
    /// </summary>
    public long IgnoredMessageCount => Interlocked.Read(ref _ignored);

    /// <summary>
    /// Gets whether this node's own probe has come back through Redis since it last (re)connected: it can publish,
    /// and its subscription receives.
    /// </summary>
    public bool IsLive => _liveness.Value;

    /// <summary>
    /// Gets <see cref="IsLive"/> now, on subscription, then each change: <see langword="false"/> when a
    /// connection to Redis fails, <see langword="true"/> when the probe sent after it came back has arrived.
    /// Completes when the backplane is disposed.
    /// </summary>
    public IObservable<bool> Liveness { get; }

    /// <summary>
    /// Connects to Redis, subscribes to the channel and returns the backplane, which owns the connection (disposing
    /// it closes the connection).
    /// </summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The backplane, subscribed.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is <see langword="null"/>, empty, or not a valid configuration string.</exception>
    /// <exception cref="RedisConnectionException">Redis could not be reached.</exception>
    public static Task<RedisBackplane> ConnectAsync(string configuration, RedisBackplaneOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        return ConnectAsync(ConfigurationOptions.Parse(configuration), options);
    }

    /// <summary>
    /// Connects to Redis, subscribes to the channel and returns the backplane, which owns the connection. The
    /// configuration is copied, with <see cref="ConfigurationOptions.AbortOnConnectFail"/> on: a node that cannot
    /// reach Redis at start says so, naming the address. After that first connection, StackExchange.Redis
    /// reconnects on its own.
    /// </summary>
    /// <param name="configuration">The StackExchange.Redis configuration.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The backplane, subscribed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="RedisConnectionException">Redis could not be reached; the message names the address.</exception>
    public static async Task<RedisBackplane> ConnectAsync(ConfigurationOptions configuration, RedisBackplaneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var own = configuration.Clone();
        own.AbortOnConnectFail = true;
        ConnectionMultiplexer redis;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(own).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            // StackExchange.Redis's message does not say where it tried to connect.
            throw new RedisConnectionException(e.FailureType, $"The Redis backplane could not connect to {string.Join(", ", own.EndPoints)}: {e.Message}", e);
        }

        return await StartAsync(redis, ownsRedis: true, options).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to the channel over a connection the application owns and returns the backplane. Disposing the
    /// backplane leaves the connection open. Nothing is published while the connection reports itself
    /// disconnected (the message is counted as lost instead).
    /// </summary>
    /// <param name="redis">The connection.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The backplane, subscribed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="redis"/> is <see langword="null"/>.</exception>
    public static Task<RedisBackplane> CreateAsync(IConnectionMultiplexer redis, RedisBackplaneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return StartAsync(redis, ownsRedis: false, options);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Takes a lock only to keep sequence numbers and PUBLISH commands in the same order; the command is queued on
    /// StackExchange.Redis's connection without waiting for Redis. Counts the message in
    /// <see cref="LostMessageCount"/> instead of throwing when Redis is unreachable or the backplane was disposed.
    /// </remarks>
    public void Publish(BackplaneMessage message)
    {
        lock (_publishGate)
        {
            if (Volatile.Read(ref _disposed) != 0 || !_redis.IsConnected)
            {
                Interlocked.Increment(ref _lost);
                return;
            }

            var sequence = _sequence + 1;
            Task sent;
            try
            {
                sent = _subscriber.PublishAsync(_channel, Envelope.Broadcast(_node, sequence, message));
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException)
            {
                // The connection failed or closed between the check above and the command.
                Interlocked.Increment(ref _lost);
                return;
            }

            _sequence = sequence;
            Interlocked.Increment(ref _published);
            if (!sent.IsCompletedSuccessfully)
            {
                sent.ContinueWith(
                    static (failed, state) =>
                    {
                        _ = failed.Exception; // observed: the loss is counted, not thrown at the finalizer
                        Interlocked.Increment(ref ((RedisBackplane)state!)._lost);
                    },
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Unsubscribes, completes <see cref="Received"/> and <see cref="Liveness"/>, and closes the connection if the
    /// backplane made it. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        try
        {
            _queue?.Unsubscribe();
        }
        catch (RedisException)
        {
            // Redis is unreachable: the subscription ends with the connection anyway.
        }

        EndDispose();
        if (_ownsRedis)
        {
            _redis.Dispose();
        }
    }

    /// <summary>As <see cref="Dispose"/>, without blocking on Redis.</summary>
    /// <returns>A task that completes when the backplane is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        try
        {
            if (_queue is not null)
            {
                await _queue.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
            // Redis is unreachable: the subscription ends with the connection anyway.
        }

        EndDispose();
        if (_ownsRedis)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<RedisBackplane> StartAsync(IConnectionMultiplexer redis, bool ownsRedis, RedisBackplaneOptions? options)
    {
        var backplane = new RedisBackplane(redis, ownsRedis, options);
        try
        {
            await backplane.SubscribeAsync().ConfigureAwait(false);
            return backplane;
        }
        catch
        {
            await backplane.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SubscribeAsync()
    {
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        _queue = await _subscriber.SubscribeAsync(_channel).ConfigureAwait(false);
        _queue.OnMessage(OnChannelMessage);
        StartProbing();
    }

    /// <summary>The receive loop: StackExchange.Redis calls it for one message at a time, in the channel's order.</summary>
    private void OnChannelMessage(ChannelMessage received)
    {
        if (!Envelope.TryRead((ReadOnlyMemory<byte>)received.Message, out var envelope))
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        if (envelope.Node == _node)
        {
            // Our own broadcasts were delivered on this node already; our probes prove the round trip.
            if (envelope.IsProbe)
            {
                OnOwnProbe(envelope.Sequence);
            }

            return;
        }

        if (envelope.IsProbe)
        {
            return;
        }

        if (!_sequences.Next(envelope.Node, envelope.Sequence, out var missed))
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        Interlocked.Add(ref _missed, missed);
        lock (_receiveGate)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _received.OnNext(envelope.Message);
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        lock (_stateGate)
        {
            _probeRound++;
            _probeWait.Disposable = Disposable.Empty;
            SetLive(false);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => StartProbing();

    /// <summary>Starts a new probe round: publish a probe, and another after each <see cref="RedisBackplaneOptions.ProbeInterval"/> until one comes back.</summary>
    private void StartProbing()
    {
        long round;
        lock (_stateGate)
        {
            round = ++_probeRound;
        }

        SendProbe(round);
    }

    private void SendProbe(long round)
    {
        lock (_stateGate)
        {
            if (Volatile.Read(ref _disposed) != 0 || round != _probeRound || _liveness.Value)
            {
                return;
            }

            if (_redis.IsConnected)
            {
                try
                {
                    _subscriber.PublishAsync(_channel, Envelope.Probe(_node, round)).ContinueWith(
                        static failed => _ = failed.Exception, // a lost probe is sent again below
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                }
                catch (RedisException)
                {
                    // Sent again below.
                }
            }

            _probeWait.Disposable = Options.Scheduler.Schedule(round, Options.ProbeInterval, (_, r) =>
            {
                SendProbe(r);
                return Disposable.Empty;
            });
        }
    }

    private void OnOwnProbe(long round)
    {
        lock (_stateGate)
        {
            if (round == _probeRound && Volatile.Read(ref _disposed) == 0)
            {
                _probeWait.Disposable = Disposable.Empty;
                SetLive(true);
            }
        }
    }

    /// <summary>Under <see cref="_stateGate"/>.</summary>
    private void SetLive(bool live)
    {
        if (_liveness.Value != live)
        {
            _liveness.OnNext(live);
        }
    }

    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        _probeWait.Dispose();
        return true;
    }

    private void EndDispose()
    {
        lock (_receiveGate)
        {
            _received.OnCompleted();
        }

        lock (_stateGate)
        {
            SetLive(false);
            _liveness.OnCompleted();
        }
    }
}
