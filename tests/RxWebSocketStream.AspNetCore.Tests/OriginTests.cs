using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>Cross-site WebSocket hijacking protection: AllowedOrigins, checked before the upgrade.</summary>
public sealed class OriginTests
{
    private static readonly WebSocketServerOptions Options = new() { AllowedOrigins = ["https://app.example", "http://localhost:5173/"] };

    [Fact]
    public async Task Origin_Foreign_Gets403BeforeTheUpgrade()
    {
        await using var server = await StartAsync();

        var status = await Clients.RefusedStatusAsync(server.Ws("ws"), o => o.SetRequestHeader("Origin", "https://evil.example"));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Origin_Foreign_Gets403WithPlainTextMessageAndNoUpgrade()
    {
        await using var server = await StartAsync();
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"), "Origin: https://evil.example");

        var body = await raw.ReadBodyAsync().Within();

        Assert.Equal(403, raw.StatusCode);
        Assert.DoesNotContain("Sec-WebSocket-Accept", raw.ResponseHead, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/plain", raw.ResponseHead, StringComparison.Ordinal);
        Assert.Contains("The origin 'https://evil.example' may not open a WebSocket here", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example.evil")] // a suffix is another site
    [InlineData("http://app.example")] // another scheme is another origin
    [InlineData("https://app.example:8443")] // another port is another origin
    [InlineData("null")] // the opaque origin of sandboxed frames and file: pages
    [InlineData("not an origin")]
    public async Task Origin_NotExactlyAllowed_Gets403(string origin)
    {
        await using var server = await StartAsync();

        Assert.Equal(403, await Clients.RefusedStatusAsync(server.Ws("ws"), o => o.SetRequestHeader("Origin", origin)));
    }

    [Theory]
    [InlineData("https://app.example")]
    [InlineData("HTTPS://App.Example:443")] // case and the default port do not matter
    [InlineData("http://localhost:5173")] // the configured trailing slash does not matter
    public async Task Origin_Allowed_Connects(string origin)
    {
        await using var server = await StartAsync();
        using var ws = await Clients.ConnectAsync(server.Ws("ws"), o => o.SetRequestHeader("Origin", origin));

        await ws.SendTextAsync("ok");

        Assert.Equal("ok", await ws.ReceiveTextAsync());
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task Origin_Missing_Connects()
    {
        // Browsers always send Origin, so hijacking pages are stopped; non-browser clients often send none.
        await using var server = await StartAsync();
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        Assert.Equal(101, raw.StatusCode);
    }

    [Fact]
    public async Task Origin_NoAllowedOrigins_AnyOriginConnects()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn => conn.Subscribe(conn.Sink)));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"), "Origin: https://anyone.example");

        Assert.Equal(101, raw.StatusCode);
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_ForeignOrigin_Writes403AndThrowsBadHttpRequest()
    {
        var thrown = new TaskCompletionSource<Microsoft.AspNetCore.Http.BadHttpRequestException>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/manual", async context =>
            {
                try
                {
                    await context.AcceptWebSocketConnectionAsync(Options);
                }
                catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
                {
                    thrown.SetResult(e);
                }
            });
        });

        var status = await Clients.RefusedStatusAsync(server.Ws("manual"), o => o.SetRequestHeader("Origin", "https://evil.example"));

        Assert.Equal(403, status);
        Assert.Equal(403, (await thrown.Task.Within()).StatusCode);
    }

    private static Task<KestrelServer> StartAsync() =>
        KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn => conn.Subscribe(conn.Sink), Options));
}
