using System.Globalization;
using System.Reactive.Linq;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// The code blocks of docs/server.md, compiled here and run by the tests; <see cref="DocsTests"/> checks
/// that each block between <c>// &lt;name&gt;</c> markers appears in the doc, character for character.
/// </summary>
internal static class DocSamples
{
    /// <summary>The smallest complete server (compiled, not run: it blocks until Ctrl+C).</summary>
    public static void Program(string[] args)
    {
        // <program>
        var builder = WebApplication.CreateSlimBuilder(args);
        var app = builder.Build();
        app.MapWebSocketConnection("/echo", conn => conn.Subscribe(conn.Sink));
        app.Run();
        // </program>
    }

    public static void Echo(WebApplication app)
    {
        // <echo>
        app.MapWebSocketConnection("/echo", conn => conn.Subscribe(conn.Sink));
        // </echo>
    }

    public static void Chat(WebApplication app)
    {
        // <options>
        app.MapWebSocketConnection(
            "/chat",
            async (conn, http) =>
            {
                var user = http.Request.Query["user"].ToString();
                var opened = await conn.Opened;
                conn.Select(m => Message.FromText($"{user} via {opened.Protocol}: {m.Text}"))
                    .Subscribe(conn.Sink);
            },
            new WebSocketServerOptions
            {
                AllowedOrigins = ["https://chat.example"],
                SubProtocols = ["chat.v2", "chat.v1"],
                EnableCompression = true,
                KeepAliveInterval = TimeSpan.FromSeconds(30),
                KeepAliveTimeout = TimeSpan.FromSeconds(10),
                Connection = new WebSocketConnectionOptions { CloseTimeout = TimeSpan.FromSeconds(5) },
            });
        // </options>
    }

    public static WebSocketServerOptions Callback()
    {
        // <callback>
        var options = new WebSocketServerOptions
        {
            // Offered "feed.v1, feed.v2": pick the newest feed.* the client speaks.
            SelectSubProtocol = offered => offered
                .Where(p => p.StartsWith("feed.", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .LastOrDefault(),
        };
        // </callback>
        return options;
    }

    public static void Manual(WebApplication app)
    {
        // <manual>
        app.UseWebSockets();
        app.Map("/manual", async (HttpContext context) =>
        {
            WebSocketConnection conn;
            try
            {
                conn = await context.AcceptWebSocketConnectionAsync();
            }
            catch (BadHttpRequestException)
            {
                return; // refused with 400 or 403; the response is already written
            }

            conn.Subscribe(conn.Sink);
            try
            {
                await conn.Closed; // keep the request alive until the connection ends
            }
            catch (WebSocketConnectionException)
            {
                // ended uncleanly; Closed says how
            }
        });
        // </manual>
    }

    public static void Feed(WebApplication app, IObservable<Tick> ticks)
    {
        // <feed>
        app.MapWebSocketConnection(
            "/ticks",
            (conn, http) =>
            {
                var symbol = http.Request.Query["symbol"].ToString();
                return ticks.Where(t => t.Symbol == symbol)
                    .Select(t => Message.FromText(string.Create(CultureInfo.InvariantCulture, $"{t.Symbol} {t.Price}")));
            });
        // </feed>
    }

    public static void TypedFeed(WebApplication app, IObservable<Tick> ticks)
    {
        // <typedfeed>
        app.MapWebSocketConnection("/ticks.json", conn => ticks, AppJson.Default.Tick);
        // </typedfeed>
    }

    /// <summary>Compiled, not run: it reads a file.</summary>
    public static void Stream(WebApplication app)
    {
        // <stream>
        app.MapWebSocketConnection("/history", conn => History());

        // A slow client slows the reading of the file down: the next line is read once the last one is on the socket.
        static async IAsyncEnumerable<Message> History([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var line in File.ReadLinesAsync("ticks.csv", cancellationToken))
            {
                yield return Message.FromText(line);
            }
        }
        // </stream>
    }
}
