using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RxWebSocketStream;
using RxWebSocketStream.AspNetCore;

namespace Rxws.Tests.Infrastructure;

/// <summary>
/// A Kestrel server on a free port of 127.0.0.1 whose WebSocket behaviour each test scripts: the handler
/// gets the accepted connection (from the server package, as users get it) and the request. It records each request's headers,
/// so a test can see what <c>--header</c> sent.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app) => _app = app;

    /// <summary>The request headers of each WebSocket request, in arrival order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <param name="handler">Runs for each connection; the request ends when it returns.</param>
    /// <param name="subProtocol">Picks the sub-protocol from those the client offered.</param>
    public static async Task<ScriptedServer> StartAsync(
        Func<WebSocketConnection, HttpContext, Task> handler,
        Func<IList<string>, string?>? subProtocol = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            server.Requests.Enqueue(context.Request.Headers);
            await using var connection = await context.AcceptWebSocketConnectionAsync(new WebSocketServerOptions
            {
                SelectSubProtocol = subProtocol is null ? null : offered => subProtocol([.. offered]),
            });
            await handler(connection, context);
        });
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Echoes every message until the client closes (the library answers with its code and reason).</summary>
    public static async Task EchoAsync(WebSocketConnection connection, HttpContext context)
    {
        using var echo = connection.Subscribe(connection.Sink);
        await connection.Closed.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
