using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>A real <see cref="ClientWebSocket"/>, driven with the hang guard on every wait.</summary>
internal static class Clients
{
    public static async Task<ClientWebSocket> ConnectAsync(Uri url, Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(ws.Options);
        await ws.ConnectAsync(url, CancellationToken.None).Within();
        return ws;
    }

    /// <summary>Connects expecting the handshake to fail, and returns the HTTP status the server answered with.</summary>
    public static async Task<int> RefusedStatusAsync(Uri url, Action<ClientWebSocketOptions>? configure = null)
    {
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(ws.Options);
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(url, CancellationToken.None).Within());
        return (int)ws.HttpStatusCode;
    }

    public static Task SendTextAsync(this ClientWebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).Within();

    /// <summary>Receives one whole message, or the close frame (then Type is Close and the socket's CloseStatus is set).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(this ClientWebSocket ws)
    {
        var buffer = new byte[64 * 1024];
        using var data = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None).Within();
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, data.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(this ClientWebSocket ws)
    {
        var (type, data) = await ws.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>Reads until the server's close frame and returns its code and reason (not answering it).</summary>
    public static async Task<(int? Code, string? Reason)> ReceiveCloseAsync(this ClientWebSocket ws)
    {
        while (true)
        {
            var (type, _) = await ws.ReceiveAsync();
            if (type == WebSocketMessageType.Close)
            {
                return ((int?)ws.CloseStatus, ws.CloseStatusDescription);
            }
        }
    }
}
