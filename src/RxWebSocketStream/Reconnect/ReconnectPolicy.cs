using System.Collections.Frozen;
using System.Globalization;

namespace RxWebSocketStream;

/// <summary>
/// When to reconnect and how long to wait first: exponential back-off with full jitter, an optional limit
/// on attempts, and a rule deciding which ends of a connection are worth a reconnect. Immutable; every
/// property is validated when set and an invalid value throws at once, naming the value and the limit.
/// </summary>
/// <remarks>
/// <para>
/// The wait before attempt <c>n</c> (1-based) is <c>random * min(MaxDelay, InitialDelay * Multiplier^(n-1))</c>,
/// with <c>random</c> drawn from <see cref="Jitter"/> in [0, 1). Full jitter (rather than a fixed back-off or a
/// small random offset) spreads the reconnects of many clients dropped by the same server restart over the
/// whole window, so they do not come back in synchronized waves.
/// </para>
/// <para>
/// This type only computes; it never waits. Whoever reconnects schedules the delay on its
/// <see cref="System.Reactive.Concurrency.IScheduler"/>.
/// </para>
/// </remarks>
public sealed partial record ReconnectPolicy
{
    /// <summary>The default <see cref="InitialDelay"/>: 1 second.</summary>
    // Long enough not to hammer a server that just dropped us, short enough that a blip costs about a second.
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default <see cref="Multiplier"/>: 2.</summary>
    // Doubling is the conventional back-off: the load from retrying clients halves with each failed round.
    public const double DefaultMultiplier = 2;

    /// <summary>The default <see cref="MaxDelay"/>: 30 seconds.</summary>
    // A client should notice a recovered server within about half a minute (the average full-jitter wait
    // at the cap is 15 s); longer caps make users think the app is dead, shorter ones hammer a server in trouble.
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    // Random.Shared is thread-safe, and one shared delegate keeps default policies equal to each other.
    private static readonly Func<double> SharedRandom = Random.Shared.NextDouble;

    private readonly TimeSpan _initialDelay = DefaultInitialDelay;
    private readonly double _multiplier = DefaultMultiplier;
    private readonly TimeSpan _maxDelay = DefaultMaxDelay;
    private readonly int? _maxAttempts;
    private readonly Func<double> _jitter = SharedRandom;
    private readonly FrozenSet<int> _retryableCloseCodes = FrozenSet<int>.Empty;

    /// <summary>
    /// Gets or sets the back-off ceiling of the first attempt; later attempts multiply it by
    /// <see cref="Multiplier"/>. Zero reconnects at once every time. A value above <see cref="MaxDelay"/> is
    /// capped by it. The default is 1 second.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan InitialDelay
    {
        get => _initialDelay;
        init => _initialDelay = NotNegative(value, nameof(InitialDelay));
    }

    /// <summary>
    /// Gets or sets the factor applied to the back-off ceiling after each failed attempt. 1 keeps it constant.
    /// The default is 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1, or not a finite number.</exception>
    public double Multiplier
    {
        get => _multiplier;
        init
        {
            // Below 1 the delays would shrink as failures pile up, the opposite of back-off; NaN and infinity
            // would make every ceiling meaningless.
            if (!double.IsFinite(value) || value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Multiplier), value, string.Create(CultureInfo.InvariantCulture, $"Multiplier must be a finite number of at least 1; it was {value}."));
            }

            _multiplier = value;
        }
    }

    /// <summary>
    /// Gets or sets the largest back-off ceiling: however many attempts failed, the wait is below it. The
    /// default is 30 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (including <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        init => _maxDelay = NotNegative(value, nameof(MaxDelay));
    }

    /// <summary>
    /// Gets or sets how many consecutive reconnect attempts are made before giving up, or
    /// <see langword="null"/> for no limit. The default is <see langword="null"/>: a long-lived client
    /// (a dashboard, a feed) should come back whenever the server does, and the back-off cap already keeps
    /// an endless retry cheap; set a limit when a human is waiting for an answer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int? MaxAttempts
    {
        get => _maxAttempts;
        init
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, string.Create(CultureInfo.InvariantCulture, $"MaxAttempts must be at least 1, or null for no limit; it was {value}."));
            }

            _maxAttempts = value;
        }
    }

    /// <summary>
    /// Gets or sets the random source of the jitter: each call returns a number in [0, 1). Tests pass a fixed
    /// value to make delays deterministic. The default is <see cref="Random.Shared"/>'s
    /// <see cref="Random.NextDouble"/>, which is thread-safe.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public Func<double> Jitter
    {
        get => _jitter;
        init => _jitter = value ?? throw new ArgumentNullException(nameof(Jitter));
    }

    /// <summary>
    /// Gets or sets the rule deciding whether an end of a connection is worth a reconnect, or
    /// <see langword="null"/> (the default) for <see cref="IsRetriedByDefault(ConnectionEnd)"/>, which the
    /// remarks there describe. <see cref="MaxAttempts"/> applies on top of it.
    /// </summary>
    public Func<ConnectionEnd, bool>? ShouldReconnect { get; init; }

    /// <summary>
    /// Gets or sets the close codes from the application range (3000-4999) that the default rule retries.
    /// Every other code of that range is final: see <see cref="IsRetriedByDefault(ConnectionEnd)"/>. The
    /// default is none. The codes are copied into a set when set (a code listed twice counts once), and the value read
    /// back is that set.
    /// </summary>
    /// <remarks>
    /// A collection rather than an <see cref="IReadOnlySet{T}"/> so that configuration can set it: the binder of
    /// <c>Microsoft.Extensions.Configuration</c> binds sets only of strings or enums, and silently left a set of codes
    /// empty (docs/hosting.md, "Configuration keys").
    /// </remarks>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A code is outside 3000-4999.</exception>
    public IReadOnlyCollection<int> RetryableCloseCodes
    {
        get => _retryableCloseCodes;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(RetryableCloseCodes));
            foreach (var code in value)
            {
                if (code is < WebSocketCloseCodes.MinApplicationCode or > WebSocketCloseCodes.MaxApplicationCode)
                {
                    throw new ArgumentOutOfRangeException(nameof(RetryableCloseCodes), code, string.Create(CultureInfo.InvariantCulture, $"RetryableCloseCodes may only list application codes {WebSocketCloseCodes.MinApplicationCode}-{WebSocketCloseCodes.MaxApplicationCode}; it listed {code}. Codes below {WebSocketCloseCodes.MinApplicationCode} follow the fixed rule; replace ShouldReconnect to change it."));
                }
            }

            // A copy, so that a caller changing its set later cannot change this immutable policy.
            _retryableCloseCodes = value.ToFrozenSet();
        }
    }

    /// <summary>
    /// Returns the back-off ceiling of an attempt, <c>min(MaxDelay, InitialDelay * Multiplier^(attempt-1))</c>,
    /// without jitter: the wait is drawn below it. Never overflows: a huge attempt number gives
    /// <see cref="MaxDelay"/>.
    /// </summary>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The ceiling, or <see langword="null"/> when <paramref name="attempt"/> is over <see cref="MaxAttempts"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan? BackOffCeiling(int attempt)
    {
        if (attempt < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, string.Create(CultureInfo.InvariantCulture, $"The attempt number must be at least 1; it was {attempt}."));
        }

        return attempt > MaxAttempts ? null : Ceiling(attempt);
    }

    /// <summary>
    /// Returns the wait before an attempt for a given random number: <c>random * BackOffCeiling(attempt)</c>.
    /// A pure function: the same arguments always give the same answer.
    /// </summary>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <param name="random">A number in [0, 1).</param>
    /// <returns>The wait, or <see langword="null"/> when <paramref name="attempt"/> is over <see cref="MaxAttempts"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1, or <paramref name="random"/> is outside [0, 1).</exception>
    public TimeSpan? NextDelay(int attempt, double random)
    {
        // Checked before the attempt so a bad jitter source is reported even on the last attempt.
        if (!(random is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(random), random, string.Create(CultureInfo.InvariantCulture, $"The jitter must be in [0, 1); it was {random}."));
        }

        return BackOffCeiling(attempt) is { } ceiling ? Scale(ceiling, random) : null;
    }

    /// <summary>Returns the wait before an attempt, drawing the random number from <see cref="Jitter"/>.</summary>
    /// <param name="attempt">The attempt, from 1.</param>
    /// <returns>The wait, or <see langword="null"/> when <paramref name="attempt"/> is over <see cref="MaxAttempts"/> (then <see cref="Jitter"/> is not called).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1, or <see cref="Jitter"/> returned a number outside [0, 1).</exception>
    public TimeSpan? NextDelay(int attempt) =>
        BackOffCeiling(attempt) is null ? null : NextDelay(attempt, Jitter());

    /// <summary>
    /// Decides what to do after a connection ended: the wait before reconnecting, or <see langword="null"/> to
    /// stop because the rule (<see cref="ShouldReconnect"/>) says no or the attempts are exhausted.
    /// </summary>
    /// <param name="end">How the connection ended, and which attempt would follow.</param>
    /// <returns>The wait before reconnecting, or <see langword="null"/> for no reconnect.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="end"/> is <see langword="null"/>.</exception>
    public TimeSpan? ReconnectDelay(ConnectionEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var retried = ShouldReconnect is { } rule ? rule(end) : IsRetriedByDefault(end);
        return retried ? NextDelay(end.Attempt) : null;
    }

    private static TimeSpan NotNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {TimeSpan.Zero}; it was {value}."));

    // random < 1 keeps the product below the ceiling, so even a ceiling of TimeSpan.MaxValue converts back to
    // a long without overflow.
    private static TimeSpan Scale(TimeSpan ceiling, double random) => TimeSpan.FromTicks((long)(random * ceiling.Ticks));

    private TimeSpan Ceiling(int attempt)
    {
        // Zero times an infinite power is NaN: answer zero outright rather than rely on how NaN converts to ticks.
        if (InitialDelay == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // In doubles, Multiplier^(attempt-1) saturates to +Infinity instead of wrapping around, and the
        // comparison with MaxDelay happens before anything is converted back to ticks: no overflow for any attempt.
        var ticks = InitialDelay.Ticks * Math.Pow(Multiplier, attempt - 1);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
