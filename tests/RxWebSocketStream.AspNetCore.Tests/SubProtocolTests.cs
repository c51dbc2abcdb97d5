using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>Sub-protocol selection: the server's list (first of the server's list that the client offered) or a callback.</summary>
public sealed class SubProtocolTests
{
    [Theory]
    [InlineData(new[] { "chat.v1", "chat.v2" }, "chat.v2")] // the server prefers v2, whatever the client's order
    [InlineData(new[] { "chat.v2", "chat.v1" }, "chat.v2")]
    [InlineData(new[] { "other", "chat.v1" }, "chat.v1")]
    [InlineData(new[] { "other" }, "")] // nothing in common: accepted without a sub-protocol
    [InlineData(new[] { "Chat.V2" }, "")] // names are compared exactly
    public async Task SubProtocols_List_FirstOfTheServersListThatTheClientOffered(string[] offered, string expected)
    {
        var serverSide = new TaskCompletionSource<WebSocketOpenInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            async (conn, _) =>
            {
                conn.Subscribe(conn.Sink);
                serverSide.SetResult(await conn.Opened);
            },
            new WebSocketServerOptions { SubProtocols = ["chat.v2", "chat.v1"] }));

        using var ws = await Clients.ConnectAsync(server.Ws("ws"), o => Array.ForEach(offered, o.AddSubProtocol));

        Assert.Equal(expected, ws.SubProtocol ?? string.Empty);
        Assert.Equal(expected, (await serverSide.Task.Within()).Protocol);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task SubProtocols_NoneOffered_NoneSelected()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions { SubProtocols = ["chat.v2"] }));

        using var ws = await Clients.ConnectAsync(server.Ws("ws"));

        Assert.Null(ws.SubProtocol);
        Assert.False(ws.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Protocol"));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task SelectSubProtocol_Callback_GetsTheOfferedListInOrderAndItsAnswerIsSelected()
    {
        var seen = new ConcurrentQueue<string[]>();
        var options = DocSamples.Callback();
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions
            {
                SelectSubProtocol = offered =>
                {
                    seen.Enqueue([.. offered]);
                    return options.SelectSubProtocol!(offered);
                },
            }));

        using var ws = await Clients.ConnectAsync(server.Ws("ws"), o =>
        {
            o.AddSubProtocol("feed.v1");
            o.AddSubProtocol("json");
            o.AddSubProtocol("feed.v2");
        });

        Assert.Equal("feed.v2", ws.SubProtocol);
        Assert.Equal(["feed.v1", "json", "feed.v2"], Assert.Single(seen));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task SelectSubProtocol_CallbackReturnsNull_NoneSelected()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions { SelectSubProtocol = _ => null }));

        using var ws = await Clients.ConnectAsync(server.Ws("ws"), o => o.AddSubProtocol("json"));

        Assert.Null(ws.SubProtocol);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task SelectSubProtocol_NoneOffered_CallbackNotCalled()
    {
        var calls = 0;
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions { SelectSubProtocol = _ => { Interlocked.Increment(ref calls); return "x"; } }));

        using var ws = await Clients.ConnectAsync(server.Ws("ws"));

        Assert.Null(ws.SubProtocol);
        Assert.Equal(0, Volatile.Read(ref calls));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task SelectSubProtocol_CallbackPicksOneNotOffered_RefusedBeforeTheUpgrade()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn => conn.Subscribe(conn.Sink),
            new WebSocketServerOptions { SelectSubProtocol = _ => "made.up" }));

        Assert.Equal(500, await Clients.RefusedStatusAsync(server.Ws("ws"), o => o.AddSubProtocol("json")));
    }
}
