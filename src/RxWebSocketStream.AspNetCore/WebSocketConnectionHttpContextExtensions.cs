using Microsoft.AspNetCore.Http;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>Accepting a WebSocket request by hand, as a <see cref="WebSocketConnection"/>.</summary>
public static class WebSocketConnectionHttpContextExtensions
{
    /// <summary>
    /// Checks the request (a WebSocket handshake, from an allowed origin), selects the sub-protocol, accepts
    /// the upgrade and returns the open connection, tracked so that application shutdown closes it with
    /// 1001. Needs <c>app.UseWebSockets()</c> in the pipeline before the endpoint.
    /// </summary>
    /// <remarks>
    /// Keep the request running until the connection ends (<c>await connection.Closed</c>, ignoring its
    /// fault): when the request delegate returns, ASP.NET Core tears the connection down.
    /// <see cref="WebSocketConnectionEndpointRouteBuilderExtensions.MapWebSocketConnection(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string, Func{WebSocketConnection, HttpContext, Task}, WebSocketServerOptions?)"/>
    /// does all of this for you.
    /// </remarks>
    /// <param name="context">The request.</param>
    /// <param name="options">The server options; <see langword="null"/> for the defaults.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets both <see cref="WebSocketServerOptions.SubProtocols"/> and <see cref="WebSocketServerOptions.SelectSubProtocol"/>.</exception>
    /// <exception cref="BadHttpRequestException">
    /// The request was refused before the upgrade: <see cref="BadHttpRequestException.StatusCode"/> is 400
    /// when it is not a WebSocket handshake and 403 when its origin is not allowed. The response (that
    /// status and a plain-text message) has already been written when this is thrown.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The request asks for a WebSocket but the pipeline has no WebSocket middleware, or
    /// <see cref="WebSocketServerOptions.SelectSubProtocol"/> picked a sub-protocol the client did not offer.
    /// </exception>
    public static Task<WebSocketConnection> AcceptWebSocketConnectionAsync(this HttpContext context, WebSocketServerOptions? options = null)
    {
        // Argument errors are thrown here, synchronously; refusals and upgrade failures come through the task.
        ArgumentNullException.ThrowIfNull(context);
        options ??= new WebSocketServerOptions();
        options.ValidateCombination(nameof(options));
        return AcceptCoreAsync(context, options);
    }

    private static async Task<WebSocketConnection> AcceptCoreAsync(HttpContext context, WebSocketServerOptions options)
    {
        if (WebSocketAcceptor.Check(context, options) is { } rejection)
        {
            await WebSocketAcceptor.WriteAsync(context, rejection).ConfigureAwait(false);
            await context.Response.CompleteAsync().ConfigureAwait(false);
            throw new BadHttpRequestException(rejection.Message, rejection.StatusCode);
        }

        return await WebSocketAcceptor.UpgradeAsync(context, options).ConfigureAwait(false);
    }
}
