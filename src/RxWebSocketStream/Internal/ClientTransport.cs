using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The HTTP transport of one client handshake: a <see cref="SocketsHttpHandler"/> of its own whose
/// <see cref="SocketsHttpHandler.PlaintextStreamFilter"/> puts a <see cref="CloseFrameFilterStream"/> under the
/// socket (over TLS too: the filter sees the plaintext), and which records the <c>Sec-WebSocket-Extensions</c>
/// offered and accepted so the handshake can check them (RFC 6455 4.1).
/// </summary>
/// <remarks>
/// <para>
/// With an invoker, <see cref="ClientWebSocket.ConnectAsync(Uri, HttpMessageInvoker, CancellationToken)"/> refuses
/// options that belong to the HTTP handler: proxy, credentials, client certificates, cookies and the server
/// certificate callback. <see cref="TakeHandlerSettings"/> moves them from the options (after the user's
/// <c>ConfigureClient</c> hook set them) to the handler, the way the BCL builds its own handler from them.
/// </para>
/// <para>
/// One handler per handshake, disposed once the socket is open (disposing it leaves the upgraded connection alone),
/// with pooled connections never reused: what the BCL itself does as soon as any of those settings is set.
/// </para>
/// </remarks>
internal sealed class ClientTransport : DelegatingHandler
{
    private const string ExtensionsHeader = "Sec-WebSocket-Extensions";

    private readonly LastFilter _lastFilter;
    private Version? _responseVersion;

    private ClientTransport(SocketsHttpHandler handler)
        : base(handler)
    {
        // The handler's settings outlive the handshake (the open connection keeps its pool), so the callback holds
        // only this small slot, not the transport and its header lists.
        var lastFilter = _lastFilter = new LastFilter();
        handler.PlaintextStreamFilter = (context, _) => new ValueTask<Stream>(lastFilter.Wrap(context));
    }

    /// <summary>Gets the extensions the request offered (<c>Sec-WebSocket-Extensions</c>, as sent).</summary>
    public IReadOnlyList<string> Offered { get; private set; } = [];

    /// <summary>Gets the extensions the response accepted, as received.</summary>
    public IReadOnlyList<string> Accepted { get; private set; } = [];

    /// <summary>
    /// Gets the filter under the socket the handshake opened, or <see langword="null"/> when the socket runs over
    /// HTTP/2, whose stream carries other frames around ours (the filter is only put on HTTP/1.1 connections).
    /// </summary>
    public IExactCloseFrames? ExactCloseFrames => _responseVersion == HttpVersion.Version11 ? _lastFilter.Filter : null;

    /// <summary>Creates the transport, moving the handler's settings out of <paramref name="options"/>.</summary>
    /// <param name="options">The socket's options, after the user's hook ran.</param>
    /// <param name="defaultProxy">What <see cref="ClientWebSocketOptions.Proxy"/> held before the hook: "the system's proxy".</param>
    /// <param name="propagateTraceContext">
    /// Whether the handshake request carries the current activity's W3C trace context. The handler would add it by
    /// default, as <c>HttpClient</c> does; the library adds it only when asked (<see cref="WebSocketConnectionOptions.PropagateTraceContext"/>).
    /// </param>
    public static ClientTransport TakeHandlerSettings(ClientWebSocketOptions options, IWebProxy? defaultProxy, bool propagateTraceContext)
    {
        var handler = new SocketsHttpHandler
        {
            ActivityHeadersPropagator = propagateTraceContext ? DistributedContextPropagator.Current : null,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = options.Cookies is not null,
            Credentials = options.UseDefaultCredentials ? CredentialCache.DefaultCredentials : options.Credentials,
        };

        if (options.Cookies is { } cookies)
        {
            handler.CookieContainer = cookies;
        }

        if (options.Proxy is null)
        {
            handler.UseProxy = false;
        }
        else if (!ReferenceEquals(options.Proxy, defaultProxy))
        {
            handler.Proxy = options.Proxy;
        }

        if (options.RemoteCertificateValidationCallback is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }

        if (options.ClientCertificates.Count > 0)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection(options.ClientCertificates);
        }

        // What ConnectAsync accepts beside an invoker: the settings now live in the handler.
        options.Cookies = null;
        options.Credentials = null;
        options.UseDefaultCredentials = false;
        options.Proxy = null;
        options.RemoteCertificateValidationCallback = null;
        options.ClientCertificates = [];

        return new ClientTransport(handler);
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Offered = request.Headers.TryGetValues(ExtensionsHeader, out var offered) ? [.. offered] : [];
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _responseVersion = response.Version;
        Accepted = response.Headers.TryGetValues(ExtensionsHeader, out var accepted) ? [.. accepted] : [];
        return response;
    }

    /// <summary>
    /// Puts a filter on each HTTP/1.1 connection and remembers the last: the one the upgrade went over. One request is
    /// in flight at a time and pooled connections are never reused, so a connection opened before it (an
    /// authentication challenge's, or the outer leg of a proxy tunnel, which carries the same bytes) is done with or
    /// lies beneath it. An HTTP/2 connection is left alone: its stream carries other frames around ours.
    /// </summary>
    private sealed class LastFilter
    {
        private volatile CloseFrameFilterStream? _filter;

        public CloseFrameFilterStream? Filter => _filter;

        public Stream Wrap(SocketsHttpPlaintextStreamFilterContext context)
        {
            if (context.NegotiatedHttpVersion != HttpVersion.Version11)
            {
                return context.PlaintextStream;
            }

            var filter = new CloseFrameFilterStream(context.PlaintextStream, isServer: false);
            _filter = filter;
            return filter;
        }
    }
}
