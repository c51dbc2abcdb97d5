using System.Reactive.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.AspNetCore;

namespace TickFeed;

/// The server side: every client that connects to <c>/ticks</c> gets the same feed as JSON text messages.
public static class FeedServer
{
    public static WebApplication Create(IObservable<Tick> ticks, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        app.UseWebSockets();

        // The handler returns the feed; the library sends it with the send buffer's backpressure, disposes the
        // subscription when the client goes away, and closes with 1011 if the feed fails (docs/server.md).
        app.MapWebSocketConnection("/ticks", connection => ticks, TickJson.Default.Tick);
        return app;
    }

    /// A made-up market: a random walk per symbol, one tick every <paramref name="period"/>, from a fixed seed.
    public static IObservable<Tick> RandomWalk(TimeSpan period, params string[] symbols) =>
        Observable.Defer(() =>
        {
            var random = new Random(20261202);
            var prices = symbols.ToDictionary(symbol => symbol, _ => 100m);
            return Observable.Interval(period).Select(sequence =>
            {
                var symbol = symbols[sequence % symbols.Length];
                prices[symbol] = Math.Round(prices[symbol] + (decimal)(random.NextDouble() - 0.5), 2);
                return new Tick(symbol, prices[symbol], sequence);
            });
        }).Publish().RefCount();
}
