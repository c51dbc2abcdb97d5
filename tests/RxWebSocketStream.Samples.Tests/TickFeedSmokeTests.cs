using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream;
using TickFeed;

namespace RxWebSocketStream.Samples.Tests;

/// samples/TickFeed against a real Kestrel on 127.0.0.1: the client's averages carry on across a server restart.
public sealed class TickFeedSmokeTests
{
    // A guard against hangs only: each wait below ends on an event, normally within milliseconds.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_client_averages_the_feed_and_survives_a_server_restart()
    {
        var ticks = new Subject<Tick>();
        var serverSubscriptions = new SemaphoreSlim(0);
        // The feed tells the test when a connection has subscribed to it, so no tick is sent to nobody.
        var feed = Observable.Create<Tick>(observer =>
        {
            var subscription = ticks.Subscribe(observer);
            serverSubscriptions.Release();
            return subscription;
        });

        var server = FeedServer.Create(feed);
        await server.StartAsync();
        var url = new Uri(server.Urls.First().Replace("http", "ws", StringComparison.Ordinal) + "/ticks");

        await using var session = AveragingClient.Connect(url);
        var averages = new System.Collections.Concurrent.BlockingCollection<SymbolAverage>();
        var closes = new System.Collections.Concurrent.ConcurrentQueue<SessionState.Closed>();
        using var states = session.States.OfType<SessionState.Closed>().Subscribe(closes.Enqueue);
        using var subscription = AveragingClient.Averages(session, window: 3).Subscribe(averages.Add);

        Assert.True(await serverSubscriptions.WaitAsync(Guard));
        Publish(ticks, 1, 2, 3);
        Assert.Equal(new SymbolAverage("A", 2m), Take(averages));

        // The server restarts on the same port: its shutdown closes the connection with 1001, which the session
        // retries after a short back-off, against the new server once it listens.
        await server.StopAsync();
        await server.DisposeAsync();
        server = FeedServer.Create(feed, url.Port);
        await server.StartAsync();
        try
        {
            Assert.True(await serverSubscriptions.WaitAsync(Guard));
            Publish(ticks, 4, 5, 6);

            // The window spans the restart: ticks 2, 3 from the first server and 4 from the second.
            Assert.Equal(new SymbolAverage("A", 3m), Take(averages));
            Assert.Equal(new SymbolAverage("A", 4m), Take(averages));
            Assert.Equal(new SymbolAverage("A", 5m), Take(averages));
            // The first end is the server's 1001; an attempt made before the new server listened may follow (1006, a
            // failed handshake). Every one of them was retried.
            Assert.Equal(1001, closes.First().Code);
            Assert.All(closes, closed => Assert.True(closed.WillReconnect));
        }
        finally
        {
            await session.DisposeAsync();
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }

    private static void Publish(Subject<Tick> ticks, params int[] prices)
    {
        foreach (var price in prices)
        {
            ticks.OnNext(new Tick("A", price, price));
        }
    }

    private static SymbolAverage Take(System.Collections.Concurrent.BlockingCollection<SymbolAverage> averages)
    {
        Assert.True(averages.TryTake(out var average, Guard), "no average within the guard time");
        return average;
    }
}
