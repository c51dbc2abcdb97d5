using System.Net.WebSockets;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>permessage-deflate, passed through to ASP.NET Core's accept context.</summary>
public sealed class CompressionTests
{
    [Fact]
    public async Task EnableCompression_ClientOffersDeflate_NegotiatedAndMessagesRoundTrip()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions { EnableCompression = true }));
        using var ws = await Clients.ConnectAsync(server.Ws("ws"), o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());
        var text = string.Concat(Enumerable.Repeat("compress me ", 1000));

        await ws.SendTextAsync(text);
        var echoed = await ws.ReceiveTextAsync();

        Assert.StartsWith("permessage-deflate", Assert.Single(ws.HttpResponseHeaders!["Sec-WebSocket-Extensions"]), StringComparison.Ordinal);
        Assert.Equal(text, echoed);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task EnableCompression_Default_ClientOffersDeflate_NotNegotiated()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        using var ws = await Clients.ConnectAsync(server.Ws("echo"), o => o.DangerousDeflateOptions = new WebSocketDeflateOptions());

        await ws.SendTextAsync("plain");

        Assert.Equal("plain", await ws.ReceiveTextAsync());
        Assert.False(ws.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }
}
