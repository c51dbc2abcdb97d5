using System.Net.WebSockets;
using Websocket.Client;

namespace Rxws.Bench;

/// <summary>
/// Websocket.Client (the most used Rx-style WebSocket client on NuGet), opened and closed the way its README
/// shows, as the main peer library measured beside raw <see cref="ClientWebSocket"/>. Its reconnection is
/// turned off: a bench connection must stay the same connection, and its no-message timer (one minute by
/// default) would otherwise reconnect an idle connection in the middle of a measurement.
/// </summary>
internal static class PeerClient
{
    public static async Task<WebsocketClient> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var client = new WebsocketClient(url)
        {
            IsReconnectionEnabled = false,
            ReconnectTimeout = null,
            ErrorReconnectTimeout = null,
        };
        await client.StartOrFail().WaitAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>The close handshake from our side with 1000, then the client's own disposal.</summary>
    public static async Task CloseAsync(WebsocketClient client)
    {
        using (client)
        {
            if (client.IsRunning)
            {
                await client.Stop(WebSocketCloseStatus.NormalClosure, string.Empty).ConfigureAwait(false);
            }
        }
    }
}
