using System.Net.WebSockets;

namespace Rxws.Bench;

/// <summary>The baseline: what a user of plain <see cref="ClientWebSocket"/> writes, with no allocation per message.</summary>
internal static class RawClient
{
    public static async Task<ClientWebSocket> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        return socket;
    }

    /// <summary>Receives <paramref name="count"/> whole messages into <paramref name="buffer"/>, reusing it; returns the last message's length.</summary>
    public static async ValueTask<int> ReceiveMessagesAsync(WebSocket socket, byte[] buffer, int count)
    {
        var length = 0;
        for (var received = 0; received < count;)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The bench server closed the connection early.");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                received++;
                if (received < count)
                {
                    length = 0;
                }
            }
            else if (length == buffer.Length)
            {
                length = 0;
            }
        }

        return length;
    }

    /// <summary>The close handshake from our side: send 1000, wait for the server's answer.</summary>
    public static async Task CloseAsync(ClientWebSocket socket)
    {
        using (socket)
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
