using System.Reactive.Concurrency;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream;

/// <summary>Settings of a <see cref="ReconnectingConnection"/>. Invalid values throw when set.</summary>
/// <remarks>
/// Per-connection settings (URL, headers, tokens, timeouts, the connection's own scheduler) are not here: the
/// connection factory builds fresh <see cref="WebSocketConnectionOptions"/> for every attempt.
/// </remarks>
public sealed class ReconnectingConnectionOptions
{
    /// <summary>The default <see cref="SendBufferCapacity"/>: 1,024 messages, as a connection's own send buffer.</summary>
    public const int DefaultSendBufferCapacity = WebSocketConnectionOptions.DefaultSendBufferCapacity;

    private ReconnectPolicy _policy = new();
    private IScheduler _scheduler = DefaultScheduler.Instance;
    private QueuedMessagePolicy _queuedMessagePolicy = QueuedMessagePolicy.QueueWhileDisconnected;
    private int _sendBufferCapacity = DefaultSendBufferCapacity;
    private SendBufferOverflow _sendBufferOverflow = SendBufferOverflow.Fail;
    private ILoggerFactory? _loggerFactory;
    private IMeterFactory? _meterFactory;

    /// <summary>Gets or sets when to reconnect and how long to wait first. The default is <c>new ReconnectPolicy()</c>.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public ReconnectPolicy Policy
    {
        get => _policy;
        init => _policy = value ?? throw new ArgumentNullException(nameof(Policy));
    }

    /// <summary>
    /// Gets or sets the scheduler that times every back-off wait. Tests pass a virtual-time scheduler (and the same one
    /// as each connection's <see cref="WebSocketConnectionOptions.Scheduler"/>). The default is
    /// <see cref="DefaultScheduler.Instance"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IScheduler Scheduler
    {
        get => _scheduler;
        init => _scheduler = value ?? throw new ArgumentNullException(nameof(Scheduler));
    }

    /// <summary>
    /// Gets or sets what a send does while no connection is open, when the call does not say. The default is
    /// <see cref="QueuedMessagePolicy.QueueWhileDisconnected"/>: the first connection of a session is itself a time with
    /// no connection open, and a session that refused every send made right after it was created would be a trap.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public QueuedMessagePolicy QueuedMessagePolicy
    {
        get => _queuedMessagePolicy;
        init => _queuedMessagePolicy = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(QueuedMessagePolicy), value, $"{value} is not a QueuedMessagePolicy value.");
    }

    /// <summary>
    /// Gets or sets how many messages may wait in the session's queue for a connection; a send beyond it fails at once
    /// with an <see cref="InvalidOperationException"/> (not sent), so that a long outage cannot grow memory without
    /// bound. The default is 1,024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int SendBufferCapacity
    {
        get => _sendBufferCapacity;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(SendBufferCapacity));
            _sendBufferCapacity = value;
        }
    }

    /// <summary>
    /// Gets or sets what the session's <see cref="ReconnectingConnection.Sink"/> does with a message when
    /// <see cref="SendBufferCapacity"/> messages are already waiting or in flight, as a connection's
    /// <see cref="WebSocketConnectionOptions.SendBufferOverflow"/> does: <see cref="SendBufferOverflow.Fail"/> (the
    /// default) closes the session with 1011 once a connection has taken what is queued, and the messages end with a
    /// <see cref="WebSocketConnectionException"/> naming the capacity; <see cref="SendBufferOverflow.DropNewest"/> drops
    /// the message and counts it in <see cref="ReconnectingConnection.DroppedMessageCount"/>. Either way the message that
    /// did not fit is counted there. (<see cref="ReconnectingConnection.SendAsync(Message, QueuedMessagePolicy?)"/>
    /// never overflows: a send that finds the queue full fails at once.)
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public SendBufferOverflow SendBufferOverflow
    {
        get => _sendBufferOverflow;
        init => _sendBufferOverflow = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SendBufferOverflow), value, $"{value} is not a SendBufferOverflow value.");
    }

    /// <summary>
    /// Gets or sets the factory of the session's logger, which tells every reconnect decision (docs/observability.md).
    /// The default, <see langword="null"/>, logs nothing. Each connection logs through its own
    /// <see cref="WebSocketConnectionOptions.LoggerFactory"/>, which the connection factory sets.
    /// </summary>
    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        init => _loggerFactory = value;
    }

    /// <summary>
    /// Gets or sets the factory of the meter the session reports its reconnects to (docs/observability.md). The
    /// default, <see langword="null"/>, reports to the process-wide meter named <see cref="WebSocketTelemetry.MeterName"/>.
    /// </summary>
    public IMeterFactory? MeterFactory
    {
        get => _meterFactory;
        init => _meterFactory = value;
    }

    /// <summary>
    /// A copy whose unset <see cref="LoggerFactory"/> and <see cref="MeterFactory"/> are the host's
    /// (RxWebSocketStream.Hosting, docs/hosting.md). A member-wise copy, so that every other setting is kept.
    /// </summary>
    internal ReconnectingConnectionOptions WithHostFactories(ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var copy = (ReconnectingConnectionOptions)MemberwiseClone();
        copy._loggerFactory ??= loggerFactory;
        copy._meterFactory ??= meterFactory;
        return copy;
    }
}
