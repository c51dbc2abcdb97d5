using System.Globalization;
using System.Reactive.Concurrency;

namespace RxWebSocketStream.Redis;

/// <summary>Settings of a <see cref="RedisBackplane"/>. Every property has a documented default and is validated when set.</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>The default <see cref="Channel"/>: <c>RxWebSocketStream.Broadcast</c>.</summary>
    public const string DefaultChannel = "RxWebSocketStream.Broadcast";

    /// <summary>The default <see cref="ProbeInterval"/>: 1 second.</summary>
    // As often as StackExchange.Redis's own heartbeat checks the connection: a probe lost in the moment the
    // subscription comes back is sent again about when the client library would have noticed anything new.
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(1);

    private readonly string _channel = DefaultChannel;
    private readonly TimeSpan _probeInterval = DefaultProbeInterval;
    private readonly IScheduler _scheduler = DefaultScheduler.Instance;

    /// <summary>
    /// Gets or sets the Redis pub/sub channel every node of the application publishes to and subscribes to. Nodes
    /// of one application must use the same channel; two applications sharing one Redis must use different
    /// ones. The default is <see cref="DefaultChannel"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is <see langword="null"/> or empty.</exception>
    public string Channel
    {
        get => _channel;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Channel));
            _channel = value;
        }
    }

    /// <summary>
    /// Gets or sets how long the backplane waits for its probe to come back through Redis before sending another,
    /// after it connected or reconnected (see <see cref="RedisBackplane.Liveness"/>). The default is
    /// <see cref="DefaultProbeInterval"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan ProbeInterval
    {
        get => _probeInterval;
        init => _probeInterval = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ProbeInterval), value, string.Create(CultureInfo.InvariantCulture, $"ProbeInterval must be more than zero; it was {value}."));
    }

    /// <summary>
    /// Gets or sets the scheduler the probe's waits run on. The default is <see cref="DefaultScheduler.Instance"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IScheduler Scheduler
    {
        get => _scheduler;
        init => _scheduler = value ?? throw new ArgumentNullException(nameof(Scheduler));
    }
}
