using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.AspNetCore;

namespace RxWebSocketStream.Interop.Tests.Server;

/// <summary>
/// Our side as a server: Kestrel on 127.0.0.1 at a free port and the server package's
/// <c>AcceptWebSocketConnectionAsync</c>, so the socket runs over the library's own transport (exact close
/// frames, docs/server.md). Each connection's log is kept by the <c>id</c> query parameter.
/// <list type="bullet">
/// <item><c>/ws/echo</c>: echoes every message with its type; answers the peer's close (the library's default).</item>
/// <item><c>/ws/close?code=4000&amp;reason=bye&amp;after=N</c>: echoes, and closes after N messages (default 0)
/// with that code and reason (no code: <c>Close()</c> with no code).</item>
/// <item><c>?accept=v2&amp;accept=v1</c>: the sub-protocols it accepts; the first the client offered wins.</item>
/// <item><c>/blank.html</c>: an empty page, the origin for the browser tests.</item>
/// </list>
/// </summary>
public sealed class InteropServer : IAsyncLifetime
{
    private WebApplication? _app;

    public ConcurrentDictionary<string, ServerConnectionLog> Logs { get; } = new();

    /// <summary>Gets the server's http address, ending with a slash.</summary>
    public Uri HttpUrl { get; private set; } = null!;

    /// <summary>The ws:// address of <paramref name="pathAndQuery"/> with <c>id</c> added to the query.</summary>
    public Uri WsUrl(string pathAndQuery, string id) =>
        new(new Uri(HttpUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal)),
            $"{pathAndQuery}{(pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?')}id={Uri.EscapeDataString(id)}");

    public ServerConnectionLog Log(string id) => Logs.GetOrAdd(id, _ => new ServerConnectionLog());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapGet("/blank.html", () => Results.Content("<!doctype html><title>interop</title>", "text/html"));
        _app.Map("/ws/{mode}", HandleAsync);
        await _app.StartAsync().ConfigureAwait(false);
        HttpUrl = new Uri(_app.Urls.First() + "/");
    }

    private async Task HandleAsync(HttpContext context, string mode)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var query = context.Request.Query;
        var log = Log(query["id"].ToString());
        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var accepted = offered.FirstOrDefault(p => query["accept"].Contains(p));
        log.OnRequest(offered, accepted);

        await using var connection = await context.AcceptWebSocketConnectionAsync(new WebSocketServerOptions
        {
            SelectSubProtocol = _ => accepted,
        }).ConfigureAwait(false);

        var after = int.TryParse(query["after"], CultureInfo.InvariantCulture, out var n) ? n : 0;
        WebSocketCloseInfo? closeWith = mode == "close"
            ? new WebSocketCloseInfo(
                int.TryParse(query["code"], CultureInfo.InvariantCulture, out var code) ? code : null,
                query["reason"].ToString())
            : null;

        // One subscription records, echoes and closes, in that order: the message that triggers a close is
        // echoed before the close frame. (Two subscriptions would race: the first starts reading, and a
        // message that arrives before the second subscribes is never seen by it; the sequence is hot.)
        var received = 0;
        using var subscription = connection.Subscribe(
            m =>
            {
                log.OnMessage(m);
                connection.Sink.OnNext(m);
                if (closeWith is not null && ++received == after)
                {
                    connection.Close(closeWith);
                }
            },
            _ => { },
            () => { });
        if (closeWith is not null && after == 0)
        {
            connection.Close(closeWith);
        }

        try
        {
            log.OnClosed(await connection.Closed.ConfigureAwait(false));
        }
        catch (Exception e)
        {
            log.OnFailed(e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
