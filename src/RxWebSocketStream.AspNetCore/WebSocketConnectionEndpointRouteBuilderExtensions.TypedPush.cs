using System.Diagnostics.CodeAnalysis;
using System.Reactive.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace RxWebSocketStream.AspNetCore;

// Typed server push: the feed's values go out as JSON text messages (docs/server.md, "Pushing a feed").
public static partial class WebSocketConnectionEndpointRouteBuilderExtensions
{
    private const string ReflectionUnreferencedCode =
        "Reflection-based JSON serialization may need members that trimming removes. Pass a JsonTypeInfo<T> from a source-generated JsonSerializerContext instead.";

    private const string ReflectionDynamicCode =
        "Reflection-based JSON serialization may generate code at run time, which native AOT cannot do. Pass a JsonTypeInfo<T> from a source-generated JsonSerializerContext instead.";

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes a feed of values, each sent as one JSON text
    /// message with source-generated (trim- and AOT-safe) metadata: pass <c>MyJsonContext.Default.MyType</c>. Otherwise as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, IObservable{Message}}, WebSocketServerOptions?)"/>:
    /// the send buffer's overflow policy applies, the feed's end closes with 1000, its failure with 1011 (logged).
    /// </summary>
    /// <remarks>A value that cannot be serialized fails the feed: it is logged and the connection closes with 1011.</remarks>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the values to push to it.</param>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="feed"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection<T>(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IObservable<T>> feed,
        JsonTypeInfo<T> typeInfo,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return endpoints.MapWebSocketConnection(pattern, connection => feed(connection).Select(value => Message.FromJson(value, typeInfo)), options);
    }

    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint that pushes an asynchronous stream of values, each sent as
    /// one JSON text message with source-generated (trim- and AOT-safe) metadata. Otherwise as
    /// <see cref="MapWebSocketConnection(IEndpointRouteBuilder, string, Func{WebSocketConnection, IAsyncEnumerable{Message}}, WebSocketServerOptions?)"/>:
    /// one value at a time with backpressure, cancelled when the connection ends.
    /// </summary>
    /// <remarks>A value that cannot be serialized fails the stream: it is logged and the connection closes with 1011.</remarks>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the values to push to it.</param>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="feed"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    public static IEndpointConventionBuilder MapWebSocketConnection<T>(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IAsyncEnumerable<T>> feed,
        JsonTypeInfo<T> typeInfo,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return endpoints.MapWebSocketConnection(pattern, connection => ToJson(feed(connection), value => Message.FromJson(value, typeInfo)), options);
    }

    /// <summary>
    /// As <see cref="MapWebSocketConnection{T}(IEndpointRouteBuilder, string, Func{WebSocketConnection, IObservable{T}}, JsonTypeInfo{T}, WebSocketServerOptions?)"/>,
    /// with reflection-based serialization. Prefer the <see cref="JsonTypeInfo{T}"/> overload, which trimming and native
    /// AOT keep working.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the values to push to it.</param>
    /// <param name="jsonOptions">The serializer options, for example <see cref="JsonSerializerOptions.Web"/> or <see cref="JsonSerializerOptions.Default"/>. Required, so that a feed of <see cref="Message"/> never picks this overload by accident.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="feed"/> or <paramref name="jsonOptions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    [RequiresUnreferencedCode(ReflectionUnreferencedCode)]
    [RequiresDynamicCode(ReflectionDynamicCode)]
    public static IEndpointConventionBuilder MapWebSocketConnection<T>(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IObservable<T>> feed,
        JsonSerializerOptions jsonOptions,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(jsonOptions);
        return endpoints.MapWebSocketConnection(pattern, connection => feed(connection).Select(value => Message.FromJson(value, jsonOptions)), options);
    }

    /// <summary>
    /// As <see cref="MapWebSocketConnection{T}(IEndpointRouteBuilder, string, Func{WebSocketConnection, IAsyncEnumerable{T}}, JsonTypeInfo{T}, WebSocketServerOptions?)"/>,
    /// with reflection-based serialization. Prefer the <see cref="JsonTypeInfo{T}"/> overload, which trimming and native
    /// AOT keep working.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="endpoints">The endpoint route builder (the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="feed">Runs once per connection and returns the values to push to it.</param>
    /// <param name="jsonOptions">The serializer options, for example <see cref="JsonSerializerOptions.Web"/> or <see cref="JsonSerializerOptions.Default"/>. Required, so that a feed of <see cref="Message"/> never picks this overload by accident.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>A builder to add conventions (authorization, metadata) to the endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/>, <paramref name="pattern"/>, <paramref name="feed"/> or <paramref name="jsonOptions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    [RequiresUnreferencedCode(ReflectionUnreferencedCode)]
    [RequiresDynamicCode(ReflectionDynamicCode)]
    public static IEndpointConventionBuilder MapWebSocketConnection<T>(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, IAsyncEnumerable<T>> feed,
        JsonSerializerOptions jsonOptions,
        WebSocketServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(jsonOptions);
        return endpoints.MapWebSocketConnection(pattern, connection => ToJson(feed(connection), value => Message.FromJson(value, jsonOptions)), options);
    }

    private static async IAsyncEnumerable<Message> ToJson<T>(IAsyncEnumerable<T> values, Func<T, Message> encode, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var value in values.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return encode(value);
        }
    }
}
