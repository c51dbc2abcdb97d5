using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Tests.Server;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (free port) with endpoints in the spirit of the WHATWG WebSocket
/// test handlers. What the server received (messages, close frames) is logged per request id, so tests
/// assert what our side put on the wire.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>What each connection's server side saw, by the <c>id</c> query parameter.</summary>
    public ConcurrentDictionary<string, ServerLog> Logs { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path, string? id = null) =>
        new(BaseUrl, id is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}id={id}");

    /// <summary>The log of connection <paramref name="id"/>, created on first use by either side.</summary>
    public ServerLog Log(string id) => Logs.GetOrAdd(id, _ => new ServerLog());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();

        // Every request is logged by id before routing, including those that end in a 404.
        _app.Use((context, next) =>
        {
            if (context.Request.Query["id"].ToString() is { Length: > 0 } id)
            {
                Log(id).OnRequest(context.Request.Headers.SecWebSocketProtocol.ToString());
            }

            return next(context);
        });
        Endpoints.Map(_app, this);
        await _app.StartAsync().ConfigureAwait(false);
        BaseUrl = new Uri(_app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/");
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
