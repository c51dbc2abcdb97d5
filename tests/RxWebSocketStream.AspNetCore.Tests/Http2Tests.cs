using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441 extended CONNECT, on by default in Kestrel): the server's transport is wrapped
/// through <c>IHttpExtendedConnectFeature</c> as it is through the HTTP/1.1 upgrade, and messages and closes still
/// flow. The client's own transport is HTTP/1.1 only (docs/behaviour.md, "Exact close frames"), so over HTTP/2 its close
/// frames are the BCL's.
/// </summary>
public sealed class Http2Tests
{
    private readonly TaskCompletionSource<(WebSocketConnection Connection, string Protocol)> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task ExtendedConnect_EchoesAndClosesWithCodes_ThroughTheWrappedStream()
    {
        await using var app = await StartAsync();
        await using var client = WebSocketConnection.Connect(Url(app), Http2Client);
        var echoed = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.Subscribe(m => echoed.TrySetResult(m));

        await client.SendAsync(Message.FromText("over h2")).Within();
        Assert.Equal("over h2", (await echoed.Task.Within()).Text);
        client.Close(new WebSocketCloseInfo(4000, "bye"));

        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await client.Closed.Within());
        var (server, protocol) = await _accepted.Task.Within();
        Assert.Equal("HTTP/2", protocol);
        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await server.Closed.Within());
        await app.StopAsync();
    }

    [Fact]
    public async Task ExtendedConnect_ClientCloseWithoutACode_FallsBackTo1000()
    {
        await using var app = await StartAsync();
        await using var client = WebSocketConnection.Connect(Url(app), Http2Client);
        await client.Opened.Within();

        client.Close();

        Assert.Equal(new WebSocketCloseInfo(1000, ""), await (await _accepted.Task.Within()).Connection.Closed.Within());
        Assert.Equal(new WebSocketCloseInfo(1000, ""), await client.Closed.Within());
        await app.StopAsync();
    }

    private static WebSocketConnectionOptions Http2Client => new()
    {
        ConfigureClient = o =>
        {
            o.HttpVersion = HttpVersion.Version20;
            o.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        },
    };

    private static Uri Url(WebApplication app) => new(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapWebSocketConnection("/ws", (conn, http) =>
        {
            conn.Subscribe(conn.Sink);
            _accepted.TrySetResult((conn, http.Request.Protocol));
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }
}
