using System.Net;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.ExactClose;

/// <summary>
/// The settings a <c>ConfigureClient</c> hook sets on <see cref="System.Net.WebSockets.ClientWebSocketOptions"/> that
/// belong to the HTTP handler (cookies, proxy, credentials) still take effect now that <c>Connect</c> brings its own
/// handler (for exact close frames): the raw peer reads what the client really sent. Server certificate validation
/// and client certificates need TLS and are tested against Kestrel in RxWebSocketStream.AspNetCore.Tests
/// (TlsClientTests).
/// </summary>
public sealed class ConfigureClientTests : IAsyncLifetime
{
    private readonly RawPeer _peer = RawPeer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    [Fact]
    public async Task Cookies_SetInTheHook_AreSent_AndCloseStaysExact()
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri($"http://{_peer.Url.Authority}/"), new Cookie("session", "abc123"));
        var ws = WebSocketConnection.Connect(_peer.Url, new WebSocketConnectionOptions { ConfigureClient = o => o.Cookies = cookies });
        using var raw = await _peer.AcceptAsync().Within();
        await ws.Opened.Within();

        ws.Close();

        Assert.Equal("session=abc123", RawPeer.HeaderValue(raw.Request, "Cookie"));
        Assert.Empty((await raw.ReadCloseAsync().Within()).Payload);
    }

    [Fact]
    public async Task RequestHeader_SetInTheHook_IsSent()
    {
        var ws = WebSocketConnection.Connect(_peer.Url, new WebSocketConnectionOptions { ConfigureClient = o => o.SetRequestHeader("X-Trace", "t-42") });
        using var raw = await _peer.AcceptAsync().Within();
        await ws.Opened.Within();

        Assert.Equal("t-42", RawPeer.HeaderValue(raw.Request, "X-Trace"));
        ws.Dispose();
    }

    [Fact]
    public async Task Proxy_SetInTheHook_TunnelsTheHandshake_AndCloseStaysExact()
    {
        // The raw peer is the proxy: the handler asks it for a tunnel to a host that does not exist (CONNECT), and it
        // then plays that host, answering the upgrade sent through the tunnel.
        var target = new Uri("ws://exact-close.invalid/feed");
        var ws = WebSocketConnection.Connect(target, new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.Proxy = new WebProxy(new Uri($"http://{_peer.Url.Authority}")),
        });
        using var raw = await _peer.AcceptRequestAsync().Within();
        await raw.WriteRawAsync("HTTP/1.1 200 Connection established\r\n\r\n");
        var upgrade = await raw.ReadHeadAsync().Within();
        await raw.AnswerUpgradeAsync(upgrade);
        await ws.Opened.Within();

        ws.Close();

        Assert.StartsWith("CONNECT exact-close.invalid:80 HTTP/1.1\r\n", raw.Request, StringComparison.Ordinal);
        Assert.StartsWith("GET /feed HTTP/1.1\r\n", upgrade, StringComparison.Ordinal);
        Assert.Empty((await raw.ReadCloseAsync().Within()).Payload);
    }

    [Fact]
    public async Task Credentials_SetInTheHook_AnswerABasicChallenge_AndCloseStaysExact()
    {
        // The challenge costs a second connection (pooled connections are not reused): the upgraded one is the last.
        var ws = WebSocketConnection.Connect(_peer.Url, new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.Credentials = new NetworkCredential("user", "secret"),
        });
        using (var challenged = await _peer.AcceptRequestAsync().Within())
        {
            await challenged.WriteRawAsync("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n");
            Assert.Null(RawPeer.HeaderValue(challenged.Request, "Authorization"));
        }

        using var raw = await _peer.AcceptAsync().Within();
        await ws.Opened.Within();

        ws.Close();

        Assert.Equal("Basic dXNlcjpzZWNyZXQ=", RawPeer.HeaderValue(raw.Request, "Authorization"));
        Assert.Empty((await raw.ReadCloseAsync().Within()).Payload);
    }
}
