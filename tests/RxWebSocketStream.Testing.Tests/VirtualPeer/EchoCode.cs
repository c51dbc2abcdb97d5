using System.Net.WebSockets;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// The "code under test" of the virtual-peer tests and docs: any code that uses a WebSocket. It echoes every
/// frame, answers the peer's close with the same code and reason, then disposes the socket.
/// </summary>
internal static class EchoCode
{
    public static async Task EchoAsync(WebSocket ws, int bufferSize = 1024)
    {
        var buffer = new byte[bufferSize];
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(r.CloseStatus!.Value, r.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                ws.Dispose();
                return;
            }

            await ws.SendAsync(buffer.AsMemory(0, r.Count), r.MessageType, r.EndOfMessage, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
