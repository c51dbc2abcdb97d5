using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// How the server accepts a WebSocket request as a <see cref="WebSocketConnection"/>: which origins may
/// connect, which sub-protocol is selected, keep-alive, permessage-deflate, and the options of the
/// connection itself. Every property has a documented default; an invalid value throws when it is set,
/// naming the value and the rule.
/// </summary>
public sealed class WebSocketServerOptions
{
    private readonly IReadOnlyList<string> _allowedOrigins = [];
    private readonly IReadOnlyList<string> _subProtocols = [];
    private readonly TimeSpan? _keepAliveInterval;
    private readonly TimeSpan? _keepAliveTimeout;
    private readonly WebSocketConnectionOptions _connection = new();

    /// <summary>
    /// Gets or sets the origins allowed to connect, each <c>scheme://host[:port]</c> (a trailing <c>/</c> is
    /// ignored; comparison ignores case and a default port), the protection against cross-site WebSocket
    /// hijacking. A request whose <c>Origin</c> header names another origin, or the opaque origin
    /// <c>null</c>, is refused with 403 before the upgrade. A request without an <c>Origin</c> header is
    /// allowed: browsers always send one, so the check still stops every cross-site page, while non-browser
    /// clients (which cannot be hijacked that way) often send none.
    /// The default is empty: any origin may connect.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is not an origin (no scheme or host, or a path, query, fragment or user info).</exception>
    public IReadOnlyList<string> AllowedOrigins
    {
        get => _allowedOrigins;
        init
        {
            OriginPolicy.Validate(value, nameof(AllowedOrigins));
            _allowedOrigins = [.. value];
        }
    }

    /// <summary>
    /// Gets or sets the sub-protocols the server supports, in the server's order of preference. RFC 6455
    /// lets the server pick one of those the client offered; the first of this list that the client
    /// offered wins (the server's preference, not the client's order). When the client offered none of
    /// them, the connection is accepted without a sub-protocol. Each must be a non-empty RFC 7230 token,
    /// none repeated; do not set both this and <see cref="SelectSubProtocol"/>.
    /// The default is empty: no sub-protocol is selected.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is empty, not a token, or repeated.</exception>
    public IReadOnlyList<string> SubProtocols
    {
        get => _subProtocols;
        init
        {
            RxWebSocketStream.Internal.HandshakeValidation.ValidateProtocols(value, nameof(SubProtocols));
            _subProtocols = [.. value];
        }
    }

    /// <summary>
    /// Gets or sets a callback that picks the sub-protocol: it receives the sub-protocols the client offered
    /// (never empty: it is not called when the client offered none) and returns one of them, or
    /// <see langword="null"/> to accept without a sub-protocol. Returning one the client did not offer is a
    /// bug the client would fail the handshake on, so it throws <see cref="InvalidOperationException"/>
    /// before the upgrade. Do not set both this and <see cref="SubProtocols"/>.
    /// The default is <see langword="null"/>: <see cref="SubProtocols"/> decides.
    /// </summary>
    public Func<IReadOnlyList<string>, string?>? SelectSubProtocol { get; init; }

    /// <summary>
    /// Gets or sets how often the server sends a keep-alive frame (a ping, or an unsolicited pong when there
    /// is no <see cref="KeepAliveTimeout"/>), passed to ASP.NET Core's
    /// <c>WebSocketAcceptContext.KeepAliveInterval</c>; <see cref="TimeSpan.Zero"/> turns keep-alive off. The pings run on the runtime's own timer, not on the connection's scheduler.
    /// The default is <see langword="null"/>: ASP.NET Core's <c>WebSocketOptions.KeepAliveInterval</c> (2 minutes).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan? KeepAliveInterval
    {
        get => _keepAliveInterval;
        init
        {
            if (value is { } interval && interval < TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), value, $"KeepAliveInterval is {interval}; it must be zero (no pings), positive, or Timeout.InfiniteTimeSpan.");
            }

            _keepAliveInterval = value;
        }
    }

    /// <summary>
    /// Gets or sets how long the server waits for the pong answering a keep-alive ping before it aborts the
    /// connection (which then ends uncleanly, 1006), passed to ASP.NET Core's
    /// <c>WebSocketAcceptContext.KeepAliveTimeout</c>. With a timeout, the keep-alive frames are pings; without
    /// one (<see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/>), they are unsolicited pongs
    /// and nothing is awaited. The default is <see langword="null"/>: ASP.NET Core's
    /// <c>WebSocketOptions.KeepAliveTimeout</c> (infinite).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan? KeepAliveTimeout
    {
        get => _keepAliveTimeout;
        init
        {
            if (value is { } timeout && timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(KeepAliveTimeout), value, $"KeepAliveTimeout is {timeout}; it must be positive, zero (no timeout), or Timeout.InfiniteTimeSpan.");
            }

            _keepAliveTimeout = value;
        }
    }

    /// <summary>
    /// Gets or sets whether permessage-deflate (RFC 7692) is accepted when the client offers it, through
    /// ASP.NET Core's <c>WebSocketAcceptContext.DangerousEnableCompression</c>. Compressing secrets next to
    /// attacker-controlled data over TLS can leak them (CRIME/BREACH), hence the framework's name.
    /// The default is <see langword="false"/>.
    /// </summary>
    public bool EnableCompression { get; init; }

    /// <summary>
    /// Gets or sets the options of each accepted connection: scheduler, close timeout, send buffer, maximum
    /// message size, the close sent when the last subscription is disposed. The client-only properties
    /// (<see cref="WebSocketConnectionOptions.Protocols"/>, <see cref="WebSocketConnectionOptions.ConnectTimeout"/>,
    /// <see cref="WebSocketConnectionOptions.Cancellation"/>, <see cref="WebSocketConnectionOptions.ConfigureClient"/>,
    /// <see cref="WebSocketConnectionOptions.SocketFactory"/>) are not used by the server.
    /// The close timeout also bounds shutdown: a peer that does not answer the 1001 close is aborted after it.
    /// The default is <c>new WebSocketConnectionOptions()</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public WebSocketConnectionOptions Connection
    {
        get => _connection;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Connection));
            _connection = value;
        }
    }

    /// <summary>Throws when properties that are valid one by one contradict each other.</summary>
    internal void ValidateCombination(string parameterName)
    {
        if (SelectSubProtocol is not null && SubProtocols.Count > 0)
        {
            throw new ArgumentException($"Both SubProtocols ({string.Join(", ", SubProtocols)}) and SelectSubProtocol are set; set one of them.", parameterName);
        }
    }
}
