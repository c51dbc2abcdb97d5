using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.AspNetCore.Tests;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>
/// A generic host built from configuration alone, against a real Kestrel on 127.0.0.1: it connects, reconnects after
/// the server drops it, and closes with 1001 when it stops (docs/hosting.md, "Lifetime").
/// </summary>
public sealed class HostedSessionTests
{
    [Fact]
    public async Task HostFromConfiguration_ConnectsReconnectsAfterDropsAndClosesWith1001OnStop()
    {
        var accepted = Channel.CreateUnbounded<(WebSocketConnection Connection, HttpContext Context)>();
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (connection, context) => accepted.Writer.WriteAsync((connection, context)).AsTask()));

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebSockets:feed:Url"] = server.Ws("feed").ToString(),
            ["WebSockets:feed:Connection:CloseTimeout"] = "00:00:15",
            // Reconnect at once (no back-off to wait for), and retry the server's 4001: a list bound from configuration.
            ["WebSockets:feed:Session:Policy:InitialDelay"] = "00:00:00",
            ["WebSockets:feed:Session:Policy:RetryableCloseCodes:0"] = "4001",
        });
        builder.Services.AddReconnectingWebSocket("feed", builder.Configuration.GetSection("WebSockets:feed"));
        var logs = new CategoryRecorder();
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        var session = host.Services.GetRequiredKeyedService<ReconnectingConnection>("feed");
        var states = Channel.CreateUnbounded<SessionState>();
        using var recording = session.States.Subscribe(state => states.Writer.TryWrite(state), () => states.Writer.Complete());

        await host.StartAsync().Within();

        // First connection; the server closes it with 4001, which configuration made retryable.
        var first = await accepted.Reader.ReadAsync().AsTask().Within();
        await NextAsync<SessionState.Open>(states);
        first.Connection.Close(new WebSocketCloseInfo(4001, "drop"));
        Assert.True((await NextAsync<SessionState.Closed>(states)).WillReconnect);

        // Second connection; the server drops the TCP connection without a close frame.
        var second = await accepted.Reader.ReadAsync().AsTask().Within();
        await NextAsync<SessionState.Open>(states);
        second.Context.Abort();
        Assert.True((await NextAsync<SessionState.Closed>(states)).WillReconnect);

        // Third connection, closed by the host's shutdown with 1001 going away.
        var third = await accepted.Reader.ReadAsync().AsTask().Within();
        await NextAsync<SessionState.Open>(states);
        await host.StopAsync().Within();

        Assert.Equal(new WebSocketCloseInfo(1001, "host shutting down"), await third.Connection.Closed.Within());
        var last = await NextAsync<SessionState.Closed>(states);
        Assert.Equal((1001, true, false), (last.Code, last.WasClean, last.WillReconnect));
        Assert.False(await states.Reader.WaitToReadAsync().AsTask().Within(), "States completes once the session has ended.");

        // The options named no logger factory: the session and its connections logged through the host's.
        Assert.Contains(WebSocketTelemetry.SessionCategory, logs.Categories.Keys);
        Assert.Contains(WebSocketTelemetry.ConnectionCategory, logs.Categories.Keys);
    }

    [Fact]
    public async Task TwoNamedSessions_ResolveByNameEachToItsOwnServerPath()
    {
        var paths = Channel.CreateUnbounded<string>();
        await using var server = await KestrelServer.StartAsync(app =>
        {
            app.MapWebSocketConnection("/a", (_, context) => paths.Writer.WriteAsync(context.Request.Path.Value!).AsTask());
            app.MapWebSocketConnection("/b", (_, context) => paths.Writer.WriteAsync(context.Request.Path.Value!).AsTask());
        });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebSockets:a:Url"] = server.Ws("a").ToString(),
            ["WebSockets:b:Url"] = server.Ws("b").ToString(),
        });
        builder.Services.AddReconnectingWebSocket("a", builder.Configuration.GetSection("WebSockets:a"));
        builder.Services.AddReconnectingWebSocket("b", builder.Configuration.GetSection("WebSockets:b"));
        using var host = builder.Build();

        var a = host.Services.GetRequiredKeyedService<ReconnectingConnection>("a");
        var b = host.Services.GetRequiredKeyedService<ReconnectingConnection>("b");
        var aOpen = a.States.OfType<SessionState.Open>().FirstAsync().ToTask();
        var bOpen = b.States.OfType<SessionState.Open>().FirstAsync().ToTask();
        await host.StartAsync().Within();
        await Task.WhenAll(aOpen, bOpen).Within();

        Assert.NotSame(a, b);
        Assert.Same(a, host.Services.GetRequiredKeyedService<ReconnectingConnection>("a"));
        Assert.Equal(["/a", "/b"], new[] { await paths.Reader.ReadAsync().AsTask().Within(), await paths.Reader.ReadAsync().AsTask().Within() }.Order());

        // Each session's own connection: closing "a" through the host leaves nothing of "b" behind either.
        await host.StopAsync().Within();
        await a.States.LastAsync().ToTask().Within();
        await b.States.LastAsync().ToTask().Within();
    }

    [Fact]
    public void AddReconnectingWebSocket_TheSameNameTwice_ThrowsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddReconnectingWebSocket("feed", options => options.Url = new Uri("ws://127.0.0.1/"));

        var e = Assert.Throws<ArgumentException>(() => services.AddReconnectingWebSocket("feed", options => options.Url = new Uri("ws://127.0.0.1/")));

        Assert.Contains("'feed'", e.Message, StringComparison.Ordinal);
    }

    private static async Task<T> NextAsync<T>(Channel<SessionState> states)
        where T : SessionState
    {
        while (true)
        {
            if (await states.Reader.ReadAsync().AsTask().Within() is T wanted)
            {
                return wanted;
            }
        }
    }
}
