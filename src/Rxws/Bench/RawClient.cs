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

    /// <summary>
    /// Receives <paramref name="count"/> whole messages into <paramref name="buffer"/>, reusing it; returns the last
    /// message's length. With <paramref name="copy"/>, each whole message is also copied into an array of its own, as
    /// a user who keeps messages must: "raw + copy", the floor for a client whose messages own their payload (the
    /// library's <c>Message</c>, Websocket.Client's <c>ResponseMessage</c>).
    /// </summary>
    public static async ValueTask<int> ReceiveMessagesAsync(WebSocket socket, byte[] buffer, int count, bool copy = false)
    {
        var length = 0;
        var kept = Array.Empty<byte>();
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
                if (copy)
                {
                    kept = buffer.AsSpan(0, length).ToArray();
                }

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

        GC.KeepAlive(kept);
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
