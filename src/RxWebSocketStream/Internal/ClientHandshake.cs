using System.Net.Http;
using System.Net.WebSockets;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The opening handshake of a connection that <see cref="WebSocketConnection.Connect"/> makes itself: a
/// <see cref="ClientWebSocket"/> configured from the options (then the user's <c>ConfigureClient</c> hook), over a
/// <see cref="ClientTransport"/> of its own so that its close frames can be exact, with the server's extensions
/// checked against those offered.
/// </summary>
internal static class ClientHandshake
{
    /// <summary>Connects; on failure the socket is gone and the exception says why.</summary>
    /// <exception cref="WebSocketException">The handshake failed, or the server accepted an extension that was not offered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> stopped it.</exception>
    public static async Task<OpenedClient> ConnectAsync(Uri url, WebSocketConnectionOptions options, CancellationToken cancellationToken)
    {
        var client = new ClientWebSocket();
        try
        {
            var defaultProxy = client.Options.Proxy;
            foreach (var protocol in options.Protocols)
            {
                client.Options.AddSubProtocol(protocol);
            }

            // The BCL pings and detects a dead peer itself; the user's hook runs after, so it wins.
            client.Options.KeepAliveInterval = options.KeepAliveInterval;
            client.Options.KeepAliveTimeout = options.KeepAliveTimeout;
            options.ConfigureClient?.Invoke(client.Options);
            if (options.PropagateTraceContext)
            {
                TraceContext.Inject(client.Options);
            }
            var keepAliveTimeout = client.Options.KeepAliveTimeout;

            using var transport = ClientTransport.TakeHandlerSettings(client.Options, defaultProxy);
            using (var invoker = new HttpMessageInvoker(transport, disposeHandler: false))
            {
                await client.ConnectAsync(url, invoker, cancellationToken).ConfigureAwait(false);
            }

            if (ExtensionNegotiation.Unoffered(transport.Offered, transport.Accepted) is { } unoffered)
            {
                throw new WebSocketException(
                    WebSocketError.HeaderError,
                    $"The server accepted the extension '{unoffered}', which the client did not offer (RFC 6455 section 4.1 requires failing the connection).");
            }

            return new OpenedClient(client, string.Join(", ", transport.Accepted), keepAliveTimeout, transport.ExactCloseFrames);
        }
        catch
        {
            client.Abort();
            client.Dispose();
            throw;
        }
    }

    /// <summary>The open socket, the extensions the server accepted, the keep-alive timeout in effect, and the exact-close transport if known.</summary>
    internal sealed record OpenedClient(WebSocket Socket, string Extensions, TimeSpan KeepAliveTimeout, IExactCloseFrames? ExactCloseFrames);
}
