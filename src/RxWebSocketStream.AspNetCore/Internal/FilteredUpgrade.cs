using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// Puts the library's <see cref="CloseFrameFilterStream"/> under the socket ASP.NET Core makes for a request, so the
/// server's close frames are exact too (docs/server.md, "Close frames").
/// </summary>
/// <remarks>
/// ASP.NET Core's WebSocket middleware takes the request's <see cref="IHttpUpgradeFeature"/> (HTTP/1.1) and
/// <see cref="IHttpExtendedConnectFeature"/> (HTTP/2) when it runs, before the endpoint, and the socket it accepts is
/// made over the stream their upgrade returns. So, just before accepting, this replaces both features with ones whose
/// upgrade wraps the stream in the filter, and replaces the WebSocket feature the middleware made from the originals
/// with a fresh one, made by the same (public) middleware from the replacements. Everything else is ASP.NET Core's
/// own: the handshake headers, permessage-deflate negotiation, the keep-alive, the abort on a dropped request.
/// </remarks>
internal sealed class FilteredUpgrade
{
    private CloseFrameFilterStream? _filter;

    private FilteredUpgrade()
    {
    }

    /// <summary>Gets the filter under the accepted socket; <see langword="null"/> until the upgrade has happened.</summary>
    public IExactCloseFrames? Filter => _filter;

    /// <summary>
    /// Prepares <paramref name="context"/> so that the next WebSocket accept goes over the filter, when the request's
    /// WebSocket feature is ASP.NET Core's own (any other, a test host's for example, is left alone, and the
    /// connection keeps the BCL's close frames).
    /// </summary>
    public static FilteredUpgrade Install(HttpContext context)
    {
        var upgrade = new FilteredUpgrade();
        var features = context.Features;
        if (features.Get<IHttpWebSocketFeature>()?.GetType().Assembly != typeof(WebSocketMiddleware).Assembly)
        {
            return upgrade;
        }

        if (features.Get<IHttpUpgradeFeature>() is { } http11)
        {
            features.Set<IHttpUpgradeFeature>(new Http11(http11, upgrade));
        }

        if (features.Get<IHttpExtendedConnectFeature>() is { } http2)
        {
            features.Set<IHttpExtendedConnectFeature>(new Http2(http2, upgrade));
        }

        // The middleware adds its feature only where there is none, then calls next, which does nothing here.
        features.Set<IHttpWebSocketFeature>(null);
        _ = Middleware(context).Invoke(context);
        return upgrade;
    }

    /// <summary>
    /// ASP.NET Core's middleware with the application's <see cref="WebSocketOptions"/> keep-alive (the accept context
    /// overrides it when the server options set one) and no origin list: origins were checked before, by our rules.
    /// </summary>
    private static WebSocketMiddleware Middleware(HttpContext context)
    {
        var services = context.RequestServices;
        var configured = services?.GetService<IOptions<WebSocketOptions>>()?.Value;
        var options = new WebSocketOptions();
        if (configured is not null)
        {
            options.KeepAliveInterval = configured.KeepAliveInterval;
            options.KeepAliveTimeout = configured.KeepAliveTimeout;
        }

        return new WebSocketMiddleware(
            static _ => Task.CompletedTask,
            Options.Create(options),
            services?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
    }

    private Stream Wrap(Stream upgraded)
    {
        var filter = new CloseFrameFilterStream(upgraded, isServer: true);
        _filter = filter;
        return filter;
    }

    private sealed class Http11(IHttpUpgradeFeature inner, FilteredUpgrade upgrade) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => upgrade.Wrap(await inner.UpgradeAsync().ConfigureAwait(false));
    }

    private sealed class Http2(IHttpExtendedConnectFeature inner, FilteredUpgrade upgrade) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => upgrade.Wrap(await inner.AcceptAsync().ConfigureAwait(false));
    }
}
