using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

// Server push: the handler returns the feed, the library pumps it into the connection and stops it when the
// connection ends (docs/server.md, "Pushing a feed").
public static partial class WebSocketConnectionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes a feed: for each connection,
    /// <paramref name="feed"/> returns the messages to send, and the library subscribes to them, sends them
    /// through the connection's <see cref="WebSocketConnection.Sink"/> and disposes the subscription when the
    /// connection ends. For example <c>app.MapWebSocketConnection("/ticks", conn => ticks.Select(Message.FromText))</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// An observable cannot be slowed down, so a client that reads more slowly than the feed emits meets the
    /// connection's <see cref="WebSocketConnectionOptions.SendBufferOverflow"/> policy (set in
    /// <see cref="WebSocketServerOptions.Connection"/>): by default the connection fails with 1011 once
    /// <see cref="WebSocketConnectionOptions.SendBufferCapacity"/> messages are waiting. For a feed that should
    /// wait for the client instead, return an <see cref="IAsyncEnumerable{T}"/>.
    /// </para>
    /// <para>
    /// When the feed completes, the messages already queued are sent and the connection closes with 1000.
    /// When it fails, the error is logged under the category <c>RxWebSocketStream.AspNetCore</c> and the
    /// connection closes with 1011 and no reason (queued messages are sent first). The handler receives the
    /// connection, so it may also subscribe to the client's messages, or build the feed from them. The
    /// subscription is made on the request's thread: a feed that emits synchronously forever would hold it.
    /// Everything else is as for
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, HttpContext, Task}, WebSocketServerOptions?)"/>.
    /// </para>
    /// </remarks>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the messages to push to it.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="feed"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IObservable<Message>> feed,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return endpoints.MapCore(pattern, (connection, context, logger) => FeedPump.PumpAsync(connection, feed(connection), logger, context.Request.Path), options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes a feed built from the connection and
    /// the request (its query string, its user), as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, IObservable{Message}}, WebSocketServerOptions?)"/> does.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection with the connection and the request, and returns the messages to push.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="feed"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, IObservable<Message>> feed,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return endpoints.MapCore(pattern, (connection, context, logger) => FeedPump.PumpAsync(connection, feed(connection, context), logger, context.Request.Path), options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes an asynchronous stream: for each
    /// connection, <paramref name="feed"/> returns the messages to send, and the library pulls them one at a
    /// time, pulling the next only when the previous one has been handed to the socket, and cancels the
    /// enumeration when the connection ends.
    /// </summary>
    /// <remarks>
    /// <para>
    /// This is backpressure: a slow client slows the stream down through TCP, and the send buffer never
    /// overflows, whatever <see cref="WebSocketConnectionOptions.SendBufferOverflow"/> says. The enumeration
    /// gets a <see cref="CancellationToken"/> (use <c>[EnumeratorCancellation]</c> in an <c>async</c> iterator)
    /// that is cancelled when the connection ends; the request lives until the enumeration has stopped, so the
    /// stream must honour it.
    /// </para>
    /// <para>
    /// When the stream ends, the connection closes with 1000. When it throws, the error is logged under the
    /// category <c>RxWebSocketStream.AspNetCore</c> and the connection closes with 1011 and no reason. The
    /// handler receives the connection, so it may also subscribe to the client's messages.
    /// </para>
    /// </remarks>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the messages to push to it.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="feed"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IAsyncEnumerable<Message>> feed,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return endpoints.MapCore(pattern, (connection, context, logger) => FeedPump.PumpAsync(connection, feed(connection), logger, context.Request.Path), options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes an asynchronous stream built from the
    /// connection and the request, as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, IAsyncEnumerable{Message}}, WebSocketServerOptions?)"/> does.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection with the connection and the request, and returns the messages to push.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/> or <paramref name="feed"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, HttpContext, IAsyncEnumerable<Message>> feed,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return endpoints.MapCore(pattern, (connection, context, logger) => FeedPump.PumpAsync(connection, feed(connection, context), logger, context.Request.Path), options);
    }
}
