using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// Settings of a <see cref="WebSocketConnection"/>. Every property has a documented default; setting an
/// invalid value throws at once, naming the value and the limit.
/// </summary>
public sealed class WebSocketConnectionOptions
{
    /// <summary>The default close timeout: 10 seconds.</summary>
    public static readonly TimeSpan DefaultCloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default connect timeout: 30 seconds.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default send buffer capacity: 1,024 messages.</summary>
    public const int DefaultSendBufferCapacity = 1024;

    /// <summary>The default maximum size of an incoming message: 16 MiB.</summary>
    public const int DefaultMaxMessageSize = 16 * 1024 * 1024;

    /// <summary>The default keep-alive interval: 30 seconds, the BCL's <see cref="WebSocket.DefaultKeepAliveInterval"/>.</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = WebSocket.DefaultKeepAliveInterval;

    /// <summary>The default keep-alive timeout: 20 seconds.</summary>
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The default close code of <see cref="IdleTimeoutCloseInfo"/>: 4000, with the reason "idle timeout".</summary>
    public const int IdleTimeoutCloseCode = 4000;

    private IReadOnlyList<string> _protocols = [];
    private IScheduler _scheduler = DefaultScheduler.Instance;
    private WebSocketCloseInfo _idleTimeoutCloseInfo = new(IdleTimeoutCloseCode, "idle timeout");
    private TimeSpan _closeTimeout = DefaultCloseTimeout;
    private TimeSpan _keepAliveInterval = DefaultKeepAliveInterval;
    private TimeSpan _keepAliveTimeout = DefaultKeepAliveTimeout;
    private TimeSpan _idleTimeout = Timeout.InfiniteTimeSpan;
    private TimeSpan _connectTimeout = DefaultConnectTimeout;
    private int _sendBufferCapacity = DefaultSendBufferCapacity;
    private int _maxMessageSize = DefaultMaxMessageSize;
    private SendBufferOverflow _sendBufferOverflow = SendBufferOverflow.Fail;
    private WebSocketCloseInfo _unsubscribeCloseInfo = new(1000);
    private CancellationToken _cancellation;
    private ILoggerFactory? _loggerFactory;
    private IMeterFactory? _meterFactory;
    private int _logPayloadPreviewLength;

    /// <summary>
    /// Gets or sets the sub-protocols to offer, in order of preference. Each must be an RFC 7230 token,
    /// non-empty and not repeated. The list is copied when set, so changing it afterwards changes nothing.
    /// The default is none.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is empty, not a token, or repeated; the message names it.</exception>
    public IReadOnlyList<string> Protocols
    {
        get => _protocols;
        init
        {
            HandshakeValidation.ValidateProtocols(value, nameof(Protocols));
            _protocols = [.. value];
        }
    }

    /// <summary>
    /// Gets or sets the token that aborts the opening handshake (the browser's <c>signal</c>). Cancelled
    /// before <c>Connect</c>: no connection is attempted. Cancelled during the handshake: it is aborted.
    /// Cancelled after open: nothing happens. The default is <see cref="CancellationToken.None"/>.
    /// </summary>
    public CancellationToken Cancellation
    {
        get => _cancellation;
        init => _cancellation = value;
    }

    /// <summary>
    /// Gets or sets the scheduler that runs every timeout (connect, close). Tests pass a virtual-time
    /// scheduler. The default is <see cref="DefaultScheduler.Instance"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public IScheduler Scheduler
    {
        get => _scheduler;
        init => _scheduler = value ?? throw new ArgumentNullException(nameof(Scheduler), "Scheduler is null; pass a scheduler, or leave the default (DefaultScheduler.Instance).");
    }

    /// <summary>
    /// Gets or sets how long the close handshake may take, from the moment a close frame is sent or
    /// received, before the socket is aborted and the close reported unclean (1006). The default is 10 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan CloseTimeout
    {
        get => _closeTimeout;
        init => _closeTimeout = Positive(value, nameof(CloseTimeout));
    }

    /// <summary>
    /// Gets or sets how long the opening handshake may take before it is aborted and <c>Opened</c> faults.
    /// The default is 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative, and not infinite.</exception>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        init => _connectTimeout = value == Timeout.InfiniteTimeSpan ? value : Positive(value, nameof(ConnectTimeout));
    }

    /// <summary>
    /// Gets or sets how often a protocol PING is sent to check that the peer is alive (dead-peer detection,
    /// with <see cref="KeepAliveTimeout"/>). <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/>
    /// sends none. The default is 30 seconds, the BCL's own default, which also keeps NATs and proxies from
    /// dropping a quiet connection.
    /// </summary>
    /// <remarks>
    /// The BCL's <see cref="ClientWebSocket"/> does the pinging: <c>Connect</c> copies this value and
    /// <see cref="KeepAliveTimeout"/> to <see cref="ClientWebSocketOptions"/> before calling
    /// <see cref="ConfigureClient"/>, so the hook can still override both. A socket made by
    /// <see cref="SocketFactory"/> or wrapped by <c>Create</c> keeps the keep-alive its maker gave it (for
    /// example <see cref="WebSocketCreationOptions.KeepAliveInterval"/>).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative and not infinite.</exception>
    public TimeSpan KeepAliveInterval
    {
        get => _keepAliveInterval;
        init => _keepAliveInterval = ZeroOrMore(value, nameof(KeepAliveInterval));
    }

    /// <summary>
    /// Gets or sets how long to wait for the PONG that answers a keep-alive PING before the peer is taken
    /// for dead: the socket is aborted, and subscribers and <see cref="WebSocketConnection.Closed"/> fault with a
    /// <see cref="WebSocketConnectionException"/> (1006) saying that the peer did not answer a ping within
    /// this time. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> waits for no PONG (the
    /// BCL then sends unsolicited PONGs as a heartbeat instead, as on .NET 8). The default is 20 seconds.
    /// </summary>
    /// <remarks>
    /// On by default because RFC 6455 (5.5.2) requires every peer to answer a PING, so it costs a compliant
    /// peer nothing, while without it a half-open connection (peer crashed, cable pulled, NAT entry gone)
    /// stays "open" with no error for as long as we only listen. 20 seconds is the HTTP/2 keep-alive ping
    /// timeout of <c>SocketsHttpHandler</c>: long enough for a slow mobile link, and a dead peer is detected
    /// within interval + timeout (50 seconds with the defaults). It is separate from <see cref="IdleTimeout"/>:
    /// a live peer that has nothing to say passes the keep-alive check.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative and not infinite.</exception>
    public TimeSpan KeepAliveTimeout
    {
        get => _keepAliveTimeout;
        init => _keepAliveTimeout = ZeroOrMore(value, nameof(KeepAliveTimeout));
    }

    /// <summary>
    /// Gets or sets the application-level idle timeout: when no message has arrived from the peer for this
    /// long (measured on <see cref="Scheduler"/> from open, then from each message received), the connection
    /// closes with <see cref="IdleTimeoutCloseInfo"/> (by default 4000, "idle timeout") and subscribers and
    /// <see cref="WebSocketConnection.Closed"/> fault with a <see cref="WebSocketConnectionException"/> with that
    /// code, whose message names <c>IdleTimeout</c> and its value. The default is
    /// <see cref="Timeout.InfiniteTimeSpan"/>: off.
    /// </summary>
    /// <remarks>
    /// Off by default because silence is not a fault for most protocols; it is for the application to say
    /// that its peer should speak every so often (a feed with heartbeats, say). Pings and pongs do not
    /// count: they prove the peer is alive (<see cref="KeepAliveTimeout"/>), not that it is useful. The close
    /// code is one of the private-use codes (4000-4999) because RFC 6455 has none that fits: 1000 would claim
    /// success, 1001 means "going away", 1008 and 1011 blame a received message or ourselves. Messages are
    /// read only while someone subscribes or reads, so a <c>ReadAllAsync</c> consumer that stops asking for
    /// longer than this also trips it.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative, and not infinite.</exception>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        init => _idleTimeout = value == Timeout.InfiniteTimeSpan ? value : Positive(value, nameof(IdleTimeout));
    }

    /// <summary>
    /// Gets or sets the close code and reason sent when <see cref="IdleTimeout"/> expires; the error that
    /// reports the timeout carries the same code. Validated when set, as <c>Close</c> validates. The default
    /// is <see cref="IdleTimeoutCloseCode"/> (4000) with the reason "idle timeout"; set another private-use
    /// code when the application already gives 4000 a meaning.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public WebSocketCloseInfo IdleTimeoutCloseInfo
    {
        get => _idleTimeoutCloseInfo;
        init => _idleTimeoutCloseInfo = Sendable(value, nameof(IdleTimeoutCloseInfo));
    }

    /// <summary>
    /// Gets or sets the close code and reason sent when the last subscription is disposed. Validated when
    /// set, by the rule that applies to it. The default is 1000 with no reason.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public WebSocketCloseInfo UnsubscribeCloseInfo
    {
        get => _unsubscribeCloseInfo;
        init => _unsubscribeCloseInfo = Sendable(value, nameof(UnsubscribeCloseInfo));
    }

    /// <summary>
    /// Gets or sets how many messages may wait to be sent before the sink overflows (see
    /// <see cref="SendBufferOverflow"/>) and <see cref="WebSocketConnection.SendAsync"/> waits for room.
    /// The default is 1,024.
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
    /// Gets or sets what the sink does when the send buffer is full. The default is
    /// <see cref="RxWebSocketStream.SendBufferOverflow.Fail"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public SendBufferOverflow SendBufferOverflow
    {
        get => _sendBufferOverflow;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(SendBufferOverflow), value, $"{value} is not a SendBufferOverflow value.");
            }

            _sendBufferOverflow = value;
        }
    }

    /// <summary>
    /// Gets or sets the largest incoming message, in bytes. A larger one closes the connection with 1009
    /// (message too big) before memory grows, and subscribers see a <see cref="WebSocketConnectionException"/>
    /// with code 1009. The default is 16 MiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxMessageSize
    {
        get => _maxMessageSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxMessageSize));
            _maxMessageSize = value;
        }
    }

    /// <summary>
    /// Gets or sets a hook that configures the <see cref="ClientWebSocketOptions"/> before connecting:
    /// headers, credentials, proxy, certificates, keep-alive, permessage-deflate. Sub-protocols come from
    /// <see cref="Protocols"/>. It runs after <see cref="KeepAliveInterval"/> and <see cref="KeepAliveTimeout"/>
    /// are copied, so what it sets wins. The default is none.
    /// </summary>
    /// <remarks>
    /// <c>Connect</c> brings its own HTTP handler (it puts the stream filter that makes close frames exact under the
    /// socket; docs/behaviour.md, "Exact close frames"). The settings that belong to a handler, <c>Proxy</c>,
    /// <c>Credentials</c>, <c>UseDefaultCredentials</c>, <c>ClientCertificates</c>, <c>Cookies</c> and
    /// <c>RemoteCertificateValidationCallback</c>, are moved to it after the hook ran, as the BCL itself moves them to
    /// the handler it makes for them. Setting <c>HttpVersion</c> to 2.0 works too (the BCL needs an HTTP/2-capable
    /// handler for it), but over HTTP/2 close frames are the BCL's.
    /// </remarks>
    public Action<ClientWebSocketOptions>? ConfigureClient { get; init; }

    /// <summary>
    /// Gets or sets a factory that makes the socket instead of <see cref="ClientWebSocket"/>: it receives
    /// the URL, the offered sub-protocols and a token cancelled on abort, and returns an open socket. Use
    /// it for a custom transport or a virtual peer. The default is none.
    /// </summary>
    public Func<Uri, IReadOnlyList<string>, CancellationToken, Task<WebSocket>>? SocketFactory { get; init; }

    /// <summary>
    /// Gets or sets the factory of the connection's loggers (categories and events: docs/observability.md). The
    /// default, <see langword="null"/>, logs nothing. Payloads and headers are never logged unless
    /// <see cref="LogPayloadPreviewLength"/> asks for previews.
    /// </summary>
    public ILoggerFactory? LoggerFactory
    {
        get => _loggerFactory;
        init => _loggerFactory = value;
    }

    /// <summary>
    /// Gets or sets the factory of the meter the connection reports to (docs/observability.md, "Metrics"). The
    /// default, <see langword="null"/>, reports to a process-wide meter named <see cref="WebSocketTelemetry.MeterName"/>;
    /// a host passes its own so that its metrics pipeline (and a test's collector) sees only its connections.
    /// </summary>
    public IMeterFactory? MeterFactory
    {
        get => _meterFactory;
        init => _meterFactory = value;
    }

    /// <summary>
    /// Gets or sets whether the opening handshake carries the W3C trace context (<c>traceparent</c>,
    /// <c>tracestate</c>, through <see cref="System.Diagnostics.DistributedContextPropagator.Current"/>) of the connect
    /// span, or of the current activity when nobody records spans. The default is <see langword="false"/>: a
    /// connection to a third party should not learn your trace ids, so the library turns off the propagation that the
    /// BCL's HTTP handler does by default. It applies to the sockets <c>Connect</c> makes itself, not to a
    /// <see cref="SocketFactory"/> (docs/observability.md, "Tracing").
    /// </summary>
    public bool PropagateTraceContext { get; init; }

    /// <summary>The largest <see cref="LogPayloadPreviewLength"/>: 1,024 bytes.</summary>
    public const int MaxLogPayloadPreviewLength = 1024;

    /// <summary>
    /// Gets or sets how many bytes of each message the per-message Trace events show (text as UTF-8, binary as
    /// hex). The default, 0, shows none: payloads carry tokens and personal data, so previews are opt-in, for
    /// debugging only (docs/observability.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="MaxLogPayloadPreviewLength"/>.</exception>
    public int LogPayloadPreviewLength
    {
        get => _logPayloadPreviewLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(LogPayloadPreviewLength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxLogPayloadPreviewLength, nameof(LogPayloadPreviewLength));
            _logPayloadPreviewLength = value;
        }
    }

    /// <summary>
    /// Checks the close infos again where a connection is made: configuration binding sets their code and reason in
    /// place (docs/hosting.md, "Configuration keys"), past the check of the property's setter.
    /// </summary>
    internal void ValidateCloseInfos()
    {
        _idleTimeoutCloseInfo.Validate(nameof(IdleTimeoutCloseInfo));
        _unsubscribeCloseInfo.Validate(nameof(UnsubscribeCloseInfo));
    }

    /// <summary>
    /// A copy for one attempt of a session made from options that configuration set (RxWebSocketStream.Hosting,
    /// docs/hosting.md): the attempt's <see cref="Cancellation"/>, and the host's <see cref="LoggerFactory"/> and
    /// <see cref="MeterFactory"/> where none is set. A member-wise copy, so that every other setting, present and
    /// future, is kept.
    /// </summary>
    internal WebSocketConnectionOptions ForHostedAttempt(CancellationToken cancellation, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var copy = (WebSocketConnectionOptions)MemberwiseClone();
        copy._cancellation = cancellation;
        copy._loggerFactory ??= loggerFactory;
        copy._meterFactory ??= meterFactory;
        return copy;
    }

    private static TimeSpan ZeroOrMore(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be zero (off), positive, or infinite (off).");
        }

        return value;
    }

    private static WebSocketCloseInfo Sendable(WebSocketCloseInfo value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        value.Validate(name);
        return value;
    }

    private static TimeSpan Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be greater than zero.");
        }

        return value;
    }
}
