using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Reactive.Threading.Tasks;
using RxWebSocketStream.Redis.Tests.Fixture;

namespace RxWebSocketStream.Redis.Tests;

/// <summary>
/// Two server instances of one application, each with its own Kestrel on 127.0.0.1 and its own Redis connection,
/// behind one real redis-server, with real WebSocket clients: docs/redis-backplane.md, end to end.
/// </summary>
public sealed class TwoInstancesTests
{
    private const int ClientsPerInstance = 5;

    [RedisFact]
    public async Task Clients_on_both_instances_receive_each_instances_broadcasts_once_in_order_with_one_PUBLISH_per_message()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis);
        await using var b = await BackplaneNode.StartAsync(redis);
        var clients = new List<(WebSocketConnection Connection, ReceivedTexts Texts)>();
        foreach (var node in new[] { a, b })
        {
            for (var i = 0; i < ClientsPerInstance; i++)
            {
                clients.Add(Connect(node.FeedUrl));
            }
        }

        await a.JoinedAsync(ClientsPerInstance);
        await b.JoinedAsync(ClientsPerInstance);
        await redis.ResetStatisticsAsync(); // both backplanes are live: their probes are done
        const int Count = 200;

        // Each instance broadcasts its own feed at the same time: B's reaches A's clients through Redis, and
        // B's own clients directly, and the other way round.
        using (a.Group.Broadcast(Numbered("a", Count).Select(Message.FromText).ToObservable(System.Reactive.Concurrency.TaskPoolScheduler.Default)))
        using (b.Group.Broadcast(Numbered("b", Count).Select(Message.FromText).ToObservable(System.Reactive.Concurrency.TaskPoolScheduler.Default)))
        {
            foreach (var (_, texts) in clients)
            {
                await texts.ArrivedAsync($"a{Count}");
                await texts.ArrivedAsync($"b{Count}");
            }
        }

        foreach (var (_, texts) in clients)
        {
            Assert.Equal(Numbered("a", Count), texts.Texts.Where(static t => t[0] == 'a'));
            Assert.Equal(Numbered("b", Count), texts.Texts.Where(static t => t[0] == 'b'));
            Assert.Equal(2 * Count, texts.Texts.Count);
        }

        // What crossed Redis: one PUBLISH per message per instance, not one per client (there are 2 x 5 of them).
        Assert.Equal(2 * Count, await redis.PublishCountAsync());
        Assert.Equal((Count, Count), (a.Backplane.PublishedMessageCount, b.Backplane.PublishedMessageCount));
        Assert.Equal(0, a.Broadcaster.DroppedMessageCount + b.Broadcaster.DroppedMessageCount);
        foreach (var (connection, _) in clients)
        {
            await connection.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task Redis_stopped_and_restarted_during_a_broadcast_the_backplanes_recover_and_what_was_published_meanwhile_is_counted_lost()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await BackplaneNode.StartAsync(redis);
        await using var b = await BackplaneNode.StartAsync(redis);
        var (client, atClient) = Connect(a.FeedUrl);
        await a.JoinedAsync(1);
        using var feed = new Subject<Message>();
        using var broadcast = b.Group.Broadcast(feed);
        const int Batch = 20;

        // Before: B's broadcast reaches A's client.
        Send(feed, "before", Batch);
        await atClient.ArrivedAsync($"before{Batch}");

        // Redis dies. Both instances notice; what B broadcasts now cannot cross and is counted, not queued.
        var aDown = a.Backplane.Liveness.FirstAsync(static live => !live).ToTask();
        var bDown = b.Backplane.Liveness.FirstAsync(static live => !live).ToTask();
        await redis.StopAsync();
        await aDown.Within();
        await bDown.Within();
        Send(feed, "during", Batch);
        Assert.Equal(Batch, b.Backplane.LostMessageCount);

        // Redis is back (empty: nothing was persisted). The backplanes reconnect and re-subscribe on their own.
        await redis.RestartAsync();
        await a.Backplane.Liveness.FirstAsync(static live => live).ToTask().Within();
        await b.Backplane.Liveness.FirstAsync(static live => live).ToTask().Within();
        Send(feed, "after", Batch);
        await atClient.ArrivedAsync($"after{Batch}");

        // At most once: each message arrived once, in order, or was counted as lost. Never replayed.
        Assert.Equal([.. Numbered("before", Batch), .. Numbered("after", Batch)], atClient.Texts);
        Assert.Equal(Batch, b.Backplane.LostMessageCount);
        Assert.Equal(0, a.Backplane.MissedMessageCount);
        await client.DisposeAsync();
    }

    [RedisFact]
    public async Task When_an_instance_dies_its_clients_reconnect_to_the_other_and_keep_receiving_broadcasts_from_every_instance()
    {
        await using var redis = await RedisServer.StartAsync();
        var a = await BackplaneNode.StartAsync(redis);
        await using var b = await BackplaneNode.StartAsync(redis);
        Uri[] instances = [a.FeedUrl, b.FeedUrl];
        var sessions = new List<(ReconnectingConnection Session, ReceivedTexts Texts)>();
        for (var i = 0; i < ClientsPerInstance; i++)
        {
            // The first attempt goes to A, each reconnect to the next instance in the list (as a load balancer would).
            var session = ReconnectingConnection.Create(
                attempt => WebSocketConnection.Connect(instances[attempt.Number % instances.Length], new WebSocketConnectionOptions { Cancellation = attempt.Cancellation }),
                new ReconnectingConnectionOptions { Policy = new ReconnectPolicy { InitialDelay = TimeSpan.Zero } });
            var texts = new ReceivedTexts();
            session.Subscribe(texts);
            sessions.Add((session, texts));
        }

        await a.JoinedAsync(ClientsPerInstance);
        b.Group.Send(Message.FromText("from B while on A"));
        foreach (var (_, texts) in sessions)
        {
            await texts.ArrivedAsync("from B while on A");
        }

        // A crashes: its clients' TCP connections are cut without a close frame (1006), and they reconnect to B.
        await a.CrashAsync();
        await b.JoinedAsync(ClientsPerInstance);

        // A new instance takes A's place; what it broadcasts reaches the clients, now on B, through Redis.
        await using var a2 = await BackplaneNode.StartAsync(redis);
        a2.Group.Send(Message.FromText("from the new instance"));
        foreach (var (_, texts) in sessions)
        {
            await texts.ArrivedAsync("from the new instance");
        }

        b.Group.Send(Message.FromText("from B while on B"));
        foreach (var (_, texts) in sessions)
        {
            await texts.ArrivedAsync("from B while on B");
            Assert.Equal(["from B while on A", "from the new instance", "from B while on B"], texts.Texts);
        }

        foreach (var (session, _) in sessions)
        {
            await session.DisposeAsync();
        }

        await a.DisposeAsync();
    }

    private static (WebSocketConnection Connection, ReceivedTexts Texts) Connect(Uri url)
    {
        var connection = WebSocketConnection.Connect(url);
        var texts = new ReceivedTexts();
        connection.Subscribe(texts);
        return (connection, texts);
    }

    private static void Send(IObserver<Message> feed, string prefix, int count)
    {
        foreach (var text in Numbered(prefix, count))
        {
            feed.OnNext(Message.FromText(text));
        }
    }

    private static IEnumerable<string> Numbered(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}");
}
