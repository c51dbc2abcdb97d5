using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>The checks before the upgrade, the rejection response, and the upgrade itself.</summary>
internal static class WebSocketAcceptor
{
    /// <summary>
    /// Why the request may not be upgraded (400 not a WebSocket request, 403 origin refused), or
    /// <see langword="null"/> when it may.
    /// </summary>
    /// <exception cref="InvalidOperationException">The request asks for a WebSocket but the WebSocket middleware is missing.</exception>
    public static Rejection? Check(HttpContext context, WebSocketServerOptions options)
    {
        if (context.Features.Get<IHttpWebSocketFeature>() is null
            && context.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("This request asks for a WebSocket upgrade, but the pipeline has no WebSocket support: call app.UseWebSockets() before this endpoint (MapWebSocketConnection adds it for its own endpoints).");
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return new Rejection(
                StatusCodes.Status400BadRequest,
                $"{context.Request.Path} is a WebSocket endpoint, and this {context.Request.Method} request is not a WebSocket handshake (it needs Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key). Connect with a WebSocket client, for example ws://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}.");
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!OriginPolicy.IsAllowed(origin, options.AllowedOrigins))
        {
            return new Rejection(
                StatusCodes.Status403Forbidden,
                $"The origin '{origin}' may not open a WebSocket here: it is not one of the allowed origins.");
        }

        return null;
    }

    /// <summary>Writes the rejection as a plain-text response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, Rejection rejection)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = rejection.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        var body = Encoding.UTF8.GetBytes(rejection.Message + "\n");
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Selects the sub-protocol, upgrades over our transport, wraps the socket and tracks the connection for shutdown.</summary>
    public static async Task<WebSocketConnection> UpgradeAsync(HttpContext context, WebSocketServerOptions options)
    {
        var acceptContext = new WebSocketAcceptContext
        {
            SubProtocol = SubProtocolSelection.Select(context.WebSockets.WebSocketRequestedProtocols, options),
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
            DangerousEnableCompression = options.EnableCompression,
        };

        // Our transport under the socket, so that its close frames are exact (FilteredUpgrade).
        var upgrade = FilteredUpgrade.Install(context);
        var socket = await context.WebSockets.AcceptWebSocketAsync(acceptContext).ConfigureAwait(false);
        // The host's logger and meter factories, unless the connection options name their own (docs/observability.md).
        var connection = WebSocketConnection.CreateOpen(
            socket,
            options.Connection,
            upgrade.Filter,
            context.RequestServices.GetService<ILoggerFactory>(),
            context.RequestServices.GetService<IMeterFactory>());
        ConnectionRegistry.For(context.RequestServices)?.Add(connection);
        return connection;
    }

    /// <summary>A refusal before the upgrade: the status code and the plain-text message for the client.</summary>
    internal sealed record Rejection(int StatusCode, string Message);
}
