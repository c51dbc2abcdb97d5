using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;

namespace RxWebSocketStream.Hosting.Internal;

/// <summary>
/// Starts one named session with the host and closes it, with 1001 going away, when the host stops
/// (docs/hosting.md, "Lifetime").
/// </summary>
internal sealed class ReconnectingWebSocketHostedService(ReconnectingConnection session) : IHostedLifecycleService
{
    /// <summary>
    /// 1001 going away, the code RFC 6455 (7.4.1) gives an endpoint that leaves, as a server shutting down or a browser
    /// leaving a page: the peer learns that this client went away on purpose, not that its work is done (1000).
    /// </summary>
    internal static readonly WebSocketCloseInfo GoingAway = WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.EndpointUnavailable, "host shutting down");

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Starts connecting once every hosted service has started, so that services subscribing in their own
    /// <c>StartAsync</c> see the first connection's first message (the session reads as soon as it starts). Start does
    /// not wait for the connection: a server that is down must not stop the host from starting; the session retries.
    /// </summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        session.Start();
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Closes with 1001 and waits for the close handshake, or for the host's shutdown timeout: after that the host goes
    /// on and the connection's own close timeout aborts a peer that never answers.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        session.Close(GoingAway);
        try
        {
            await session.DisposeAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: stop waiting, as every other hosted service must.
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
