using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>Mapping a route to a handler that receives each accepted request as a <see cref="WebSocketConnection"/>.</summary>
public static partial class WebSocketConnectionEndpointRouteBuilderExtensions
{
    /// <summary>The close for a handler or a feed that failed: 1011, no reason (the exception is logged, not sent).</summary>
    internal static readonly WebSocketCloseInfo HandlerFailed = WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.InternalServerError);

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint: each WebSocket handshake from an allowed
    /// origin is accepted and handed to <paramref name="handler"/> as an open connection. For example
    /// <c>app.MapWebSocketConnection("/echo", conn => conn.Subscribe(conn.Sink))</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A request that is not a WebSocket handshake gets 400 and one a disallowed origin sends gets 403, both
    /// with a plain-text message and before any upgrade. The endpoint brings its own WebSocket middleware:
    /// <c>app.UseWebSockets()</c> is not needed.
    /// </para>
    /// <para>
    /// The request lives until the connection's <see cref="WebSocketConnection.Closed"/> completes, not
    /// until the handler returns, so a handler may just subscribe and return. If the handler throws, the
    /// connection is closed with 1011 (internal error, no reason: the exception is logged, not sent).
    /// When the application stops, every open connection is closed with 1001 going away and aborted after
    /// its close timeout if the peer does not answer.
    /// </para>
    /// </remarks>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="handler">Runs once per connection with the connection and the request.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, Task> handler,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapCore(pattern, (connection, context, _) => handler(connection, context), options);
    }

    /// <summary>The one mapping every overload goes through; the handler also gets the package's logger.</summary>
    private static IEndpointConventionBuilder MapCore(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, ILogger, Task> handler,
        WebSocketServerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= new WebSocketServerOptions();
        options.ValidateCombination(nameof(options));
        return endpoints.MapCore(pattern, handler, () => options);
    }

    /// <summary>As above, with options read per request (named options from configuration).</summary>
    private static IEndpointConventionBuilder MapCore(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, ILogger, Task> handler,
        Func<WebSocketServerOptions> options)
    {
        // As SignalR does: the endpoint's own little pipeline adds the WebSocket feature, so the app needs
        // no UseWebSockets() (one already there does no harm: the middleware steps aside).
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(context => RunAsync(context, handler, options()));
        return endpoints.Map(pattern, pipeline.Build()).WithDisplayName($"WebSocket {pattern}");
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, HttpContext, Task}, WebSocketServerOptions?)"/>
    /// does, with the named options that
    /// <see cref="WebSocketServerOptionsServiceCollectionExtensions.AddWebSocketServerOptions"/> binds from configuration.
    /// Each request reads them afresh from <see cref="IOptionsMonitor{TOptions}"/>, so a configuration reload applies to
    /// the next connection (docs/hosting.md, "Server options from configuration").
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="handler">Runs once per connection with the connection and the request.</param>
    /// <param name="optionsName">The name given to <c>AddWebSocketServerOptions</c>.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="handler"/> or <paramref name="optionsName"/> is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, Task> handler,
        string optionsName)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(optionsName);
        var monitor = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<WebSocketServerOptions>>();
        return endpoints.MapCore(pattern, (connection, context, _) => handler(connection, context), () => monitor.Get(optionsName));
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint with a synchronous handler, as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, HttpContext, Task}, WebSocketServerOptions?)"/>
    /// does; the echo server is <c>app.MapWebSocketConnection("/echo", conn => conn.Subscribe(conn.Sink))</c>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="handler">Runs once per connection; the request lives on until the connection ends.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Action<WebSocketConnection> handler,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapWebSocketConnection(
            pattern,
            (connection, _) =>
            {
                handler(connection);
                return Task.CompletedTask;
            },
            options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint with a synchronous handler and named options from
    /// configuration, as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, HttpContext, Task}, string)"/> does.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="handler">Runs once per connection; the request lives on until the connection ends.</param>
    /// <param name="optionsName">The name given to <c>AddWebSocketServerOptions</c>.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="handler"/> or <paramref name="optionsName"/> is <see langword="null"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Action<WebSocketConnection> handler,
        string optionsName)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapWebSocketConnection(
            pattern,
            (connection, _) =>
            {
                handler(connection);
                return Task.CompletedTask;
            },
            optionsName);
    }

    private static async Task RunAsync(HttpContext context, Func<WebSocketConnection, HttpContext, ILogger, Task> handler, WebSocketServerOptions options)
    {
        var logger = context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        if (WebSocketAcceptor.Check(context, options) is { } rejection)
        {
            Log.Refused(logger, context.Request.Path, rejection.StatusCode, rejection.Message);
            await WebSocketAcceptor.WriteAsync(context, rejection).ConfigureAwait(false);
            return;
        }

        var connection = await WebSocketAcceptor.UpgradeAsync(context, options).ConfigureAwait(false);
        try
        {
            await handler(connection, context, logger).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(logger, context.Request.Path, e);
            connection.Close(HandlerFailed);
        }

        // Kestrel tears the upgraded connection down when the request delegate returns: hold it until the
        // connection has ended, however it ended (Closed faulting is the connection's news, not ours).
        await FeedPump.Ended(connection).ConfigureAwait(false);
    }
}
